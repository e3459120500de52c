import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName } from '../src/queue/queue-names';
import { createWorkerApp, testConfig } from './helpers/app';
import { waitForJob } from './helpers/wait';

describe('worker jobs (real Redis, Keycloak, PostgreSQL)', () => {
  let worker: INestApplication;

  afterEach(async () => {
    await worker?.close();
  });

  it('schedules the periodic user sync at the configured interval', async () => {
    worker = await createWorkerApp(testConfig({ USER_SYNC_ENABLED: 'true', USER_SYNC_INTERVAL_S: '900' }));
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    const scheduler = await queue.getJobScheduler('sync-users');
    expect(scheduler?.every).toBe(900_000);
  });

  it('runs a sync job to completion in the worker', async () => {
    worker = await createWorkerApp(testConfig({ USER_SYNC_ENABLED: 'true', USER_SYNC_INTERVAL_S: '900' }));
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    const job = await queue.add('sync-users', {}, { removeOnComplete: false });
    await waitForJob(job);
    const done = await queue.getJob(job.id!);
    expect(done?.failedReason).toBeUndefined();
    expect(done?.returnvalue).toMatchObject({ total: expect.any(Number) });
    expect((done?.returnvalue as { total: number }).total).toBeGreaterThanOrEqual(3);
  });

  it('removes the schedule when the sync is switched off', async () => {
    worker = await createWorkerApp(testConfig({ USER_SYNC_ENABLED: 'false' }));
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    expect(await queue.getJobScheduler('sync-users')).toBeFalsy();
  });
});
