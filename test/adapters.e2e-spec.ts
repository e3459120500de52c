import { PassThrough } from 'node:stream';
import { DependencyUnavailableError } from '../src/common/dependency-errors';
import { DockerAdapter } from '../src/sandbox/docker.adapter';
import { RedisAdapter } from '../src/queue/redis.adapter';
import { S3StorageAdapter } from '../src/storage/s3-storage.adapter';
import { testConfig } from './helpers/app';

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
  });
});
