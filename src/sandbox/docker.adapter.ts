import { Injectable } from '@nestjs/common';
import Docker from 'dockerode';
import { AppConfig } from '../config/app-config';

/** The only door to the Docker engine (local socket or a remote engine given by DOCKER_HOST). */
@Injectable()
export class DockerAdapter {
  private readonly docker: Docker;

  constructor(config: AppConfig) {
    this.docker = new Docker(config.docker);
  }

  /** The engine's version; throws when it does not answer. */
  async version(): Promise<{ version: string; apiVersion: string }> {
    const info = await this.docker.version();
    return { version: info.Version, apiVersion: info.ApiVersion };
  }

  /** Whether an image is present on the engine (the sandbox never pulls at run time). */
  async hasImage(reference: string): Promise<boolean> {
    try {
      await this.docker.getImage(reference).inspect();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  }
}
