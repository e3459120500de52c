import { Module } from '@nestjs/common';
import { DockerAdapter } from './docker.adapter';
import { SandboxRunner } from './sandbox-runner';

@Module({ providers: [DockerAdapter, SandboxRunner], exports: [DockerAdapter, SandboxRunner] })
export class SandboxModule {}
