import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DockerAdapter } from '../../sandbox/docker.adapter';
import { S3StorageAdapter } from '../../storage/s3-storage.adapter';

const PROBE_TIMEOUT_MS = 3000;

export type WorkerDependency = 'docker' | 'storage' | 'database';

/**
 * What a calculation needs besides Redis: the Docker engine, object storage and the database. The
 * worker takes no job while one of them does not answer, so that an outage makes calculations wait
 * in the queue instead of spending their attempts.
 */
@Injectable()
export class WorkerDependencies {
  constructor(
    private readonly docker: DockerAdapter,
    private readonly storage: S3StorageAdapter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The dependencies that do not answer now, each probed once (at most 3 s); empty when all do. */
  async unavailable(): Promise<WorkerDependency[]> {
    const probes: Record<WorkerDependency, (signal: AbortSignal) => Promise<unknown>> = {
      docker: () => this.docker.version(),
      storage: (signal) => this.storage.checkBucket(signal),
      database: () => this.dataSource.query('SELECT 1'),
    };
    const results = await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => ((await answers(probe)) ? null : (name as WorkerDependency))),
    );
    return results.filter((name): name is WorkerDependency => name !== null);
  }
}

async function answers(probe: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(false);
    }, PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe(controller.signal).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
