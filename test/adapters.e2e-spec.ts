import { PassThrough } from 'node:stream';
import { DependencyUnavailableError } from '../src/common/dependency-errors';
import { DockerAdapter, isEngineUnreachable } from '../src/sandbox/docker.adapter';
import { RedisAdapter } from '../src/queue/redis.adapter';
import { S3StorageAdapter } from '../src/storage/s3-storage.adapter';
import { testConfig } from './helpers/app';
import { eventually } from './helpers/wait';

describe('adapters against the real services', () => {
  const config = testConfig();

  describe(DockerAdapter.name, () => {
    const sut = new DockerAdapter(config);

    it('reports the engine version', async () => {
      const version = await sut.version();
      expect(version.apiVersion).toMatch(/^1\.\d+$/);
    });

    it('finds the default sandbox image and not an absent one', async () => {
      await expect(sut.hasImage(config.sandbox.defaultImage)).resolves.toBe(true);
      await expect(sut.hasImage('retort/no-such-image:0.0.0')).resolves.toBe(false);
    });

    it('fails clearly when the engine is not there', async () => {
      const unreachable = new DockerAdapter(testConfig({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }));
      await expect(unreachable.version()).rejects.toThrow(/ENOENT|connect/);
    });

    it('tells an engine out of reach from an answer of the engine', async () => {
      const unreachable = new DockerAdapter(testConfig({ DOCKER_HOST: 'tcp://127.0.0.1:1' }));
      const refused = await unreachable.state('any').catch((error: unknown) => error);
      expect(isEngineUnreachable(refused)).toBe(true);
      // The engine answers: a container it does not have is gone, not an outage.
      await expect(sut.state('retort-no-such-container')).resolves.toBeNull();
      const answered = await sut.pause('retort-no-such-container').catch((error: unknown) => error);
      expect(answered).toBeInstanceOf(Error);
      expect(isEngineUnreachable(answered)).toBe(false);
    });
  });

  describe(S3StorageAdapter.name, () => {
    it('sees the configured bucket', async () => {
      const sut = new S3StorageAdapter(config);
      await expect(sut.checkBucket()).resolves.toBeUndefined();
      sut.onModuleDestroy();
    });

    it('rejects a bucket that does not exist', async () => {
      const sut = new S3StorageAdapter(testConfig({ S3_BUCKET: 'retort-missing-bucket' }));
      await expect(sut.checkBucket()).rejects.toThrow();
      sut.onModuleDestroy();
    });

    it("does not take a caller's abort for an outage: the next request goes through", async () => {
      const sut = new S3StorageAdapter(config);
      const key = `test/abandoned-${Date.now()}`;
      const body = new PassThrough();
      const upload = sut.startUpload(key, body, 'application/octet-stream');
      body.write(Buffer.alloc(6 * 1024 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await upload.abort();
      await expect(upload.done).rejects.not.toBeInstanceOf(DependencyUnavailableError);
      // A client that hangs up must not make storage look down to everyone else.
      await expect(sut.head(key)).resolves.toBeNull();

      const gone = new AbortController();
      const read = sut.checkBucket(gone.signal);
      gone.abort();
      await expect(read).rejects.not.toBeInstanceOf(DependencyUnavailableError);
      await expect(sut.checkBucket()).resolves.toBeUndefined();
      sut.onModuleDestroy();
    });

    it('does not take a body that fails with a network error for an outage', async () => {
      const sut = new S3StorageAdapter(config);
      const key = `test/reset-${Date.now()}`;
      const body = new PassThrough();
      const upload = sut.startUpload(key, body, 'application/octet-stream');
      body.write(Buffer.alloc(6 * 1024 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // What a client's connection reset looks like by the time it reaches the upload.
      body.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      await expect(upload.done).rejects.toMatchObject({ code: 'ECONNRESET' });
      await expect(upload.done).rejects.not.toBeInstanceOf(DependencyUnavailableError);
      // No fail-fast window opened: storage answers the next request.
      await expect(sut.head(key)).resolves.toBeNull();
      sut.onModuleDestroy();
    });

    it('rejects wrong credentials', async () => {
      const sut = new S3StorageAdapter(testConfig({ S3_SECRET_ACCESS_KEY: 'not-the-secret' }));
      await expect(sut.checkBucket()).rejects.toThrow();
      sut.onModuleDestroy();
    });
  });

  describe(RedisAdapter.name, () => {
    it('pings Redis', async () => {
      const sut = new RedisAdapter(config);
      await expect(sut.ping()).resolves.toBeUndefined();
      await sut.onApplicationShutdown();
    });

    it('runs against a Redis that keeps its jobs: append-only file, fsync every second, no eviction', async () => {
      const sut = new RedisAdapter(config);
      await sut.ensureConnected();
      const setting = async (name: string) => ((await sut.client.config('GET', name)) as string[])[1];
      expect({
        appendonly: await setting('appendonly'),
        appendfsync: await setting('appendfsync'),
        'maxmemory-policy': await setting('maxmemory-policy'),
      }).toEqual({ appendonly: 'yes', appendfsync: 'everysec', 'maxmemory-policy': 'noeviction' });
      // And the start-up check, reading the same server, finds nothing to warn about.
      await expect(sut.checkServerSettings()).resolves.toEqual([]);
      await sut.onApplicationShutdown();
    });

    it('sets, finds, expires and deletes a key', async () => {
      const sut = new RedisAdapter(config);
      const key = `retort:test:adapter:${Date.now()}`;
      await sut.setExpiring(key, 'here', 1);
      await expect(sut.exists(key)).resolves.toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await expect(sut.exists(key)).resolves.toBe(false);
      await sut.setExpiring(key, 'again', 60);
      await sut.delete(key);
      await expect(sut.exists(key)).resolves.toBe(false);
      await sut.onApplicationShutdown();
    });

    it('runs a script with its keys and arguments', async () => {
      const sut = new RedisAdapter(config);
      const key = `retort:test:adapter-script:${Date.now()}`;
      const script = `redis.call('SET', KEYS[1], ARGV[1], 'EX', 60) return redis.call('GET', KEYS[1]) .. ARGV[2]`;
      await expect(sut.evalScript(script, [key], ['a', 'b'])).resolves.toBe('ab');
      await sut.delete(key);
      await sut.onApplicationShutdown();
    });

    it('delivers what it publishes to a subscription, and nothing once unsubscribed', async () => {
      const sut = new RedisAdapter(config);
      const channel = `retort:test:adapter-channel:${Date.now()}`;
      const received: string[] = [];
      const subscription = sut.subscriber('adapter-test', (name, message) => {
        if (name === channel) received.push(message);
      });
      await subscription.subscribe(channel);
      await sut.publish(channel, 'one');
      await eventually(
        () => Promise.resolve(received.length),
        (count) => count > 0,
        5000,
      );
      expect(received).toEqual(['one']);
      await subscription.unsubscribe(channel);
      await sut.publish(channel, 'two');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual(['one']);
      await subscription.close();
      await sut.onApplicationShutdown();
    });

    it('keeps delivering after a subscriber throws, instead of throwing out of the connection', async () => {
      const sut = new RedisAdapter(config);
      const channel = `retort:test:adapter-throw:${Date.now()}`;
      const received: string[] = [];
      const subscription = sut.subscriber('adapter-test', (_name, message) => {
        received.push(message);
        if (message === 'bad') throw new SyntaxError('not JSON');
      });
      await subscription.subscribe(channel);
      await sut.publish(channel, 'bad');
      await sut.publish(channel, 'good');
      await eventually(
        () => Promise.resolve(received.length),
        (count) => count >= 2,
        5000,
      );
      expect(received).toEqual(['bad', 'good']);
      await subscription.close();
      await sut.onApplicationShutdown();
    });
  });
});
