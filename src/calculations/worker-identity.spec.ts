import { RedisAdapter } from '../queue/redis.adapter';
import { WorkerIdentity } from './worker-identity';

describe(WorkerIdentity.name, () => {
  const exists = jest.fn<Promise<boolean>, [string]>();
  const redisWith = (reconnectedForMs: number | null, heartbeat: boolean) => {
    exists.mockReset().mockResolvedValue(heartbeat);
    return { reconnectedForMs: () => reconnectedForMs, exists } as unknown as RedisAdapter;
  };

  it('takes a worker without a heartbeat for dead', async () => {
    const sut = new WorkerIdentity(redisWith(null, false));

    await expect(sut.isAlive('worker-1')).resolves.toBe(false);
  });

  it('takes a worker with a heartbeat for alive', async () => {
    const sut = new WorkerIdentity(redisWith(60_000, true));

    await expect(sut.isAlive('worker-1')).resolves.toBe(true);
  });

  it('takes no worker for dead right after a Redis outage, when live heartbeats may have lapsed meanwhile', async () => {
    const sut = new WorkerIdentity(redisWith(3_000, false));

    await expect(sut.isAlive('worker-1')).resolves.toBe(true);
    expect(exists).not.toHaveBeenCalled();
  });

  it('takes a worker for dead once a heartbeat’s lifetime has passed since Redis came back', async () => {
    const sut = new WorkerIdentity(redisWith(21_000, false));

    await expect(sut.isAlive('worker-1')).resolves.toBe(false);
  });
});
