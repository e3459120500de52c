import { Module } from '@nestjs/common';
import { DockerAdapter } from './docker.adapter';

@Module({ providers: [DockerAdapter], exports: [DockerAdapter] })
export class SandboxModule {}
