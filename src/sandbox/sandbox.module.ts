import { Module } from '@nestjs/common';
import { DockerAdapter } from './docker.adapter';
import { SandboxRunner } from './sandbox-runner';
import { WarmSandboxPool } from './warm-pool';

@Module({
  providers: [DockerAdapter, WarmSandboxPool, SandboxRunner],
  exports: [DockerAdapter, WarmSandboxPool, SandboxRunner],
})
export class SandboxModule {}
