import Docker from 'dockerode';
import { pack } from 'tar-stream';
import { testConfig } from './helpers/app';

// Exercises the image built from sandbox-images/python-scientific and its runner contract directly
// against the Docker engine: code in through the archive API, results out the same way.
describe('python-scientific sandbox image (real Docker)', () => {
  const config = testConfig();
  const docker = new Docker(config.docker);
  const containers: Docker.Container[] = [];

  afterAll(async () => {
    await Promise.all(containers.map((container) => container.remove({ force: true }).catch(() => undefined)));
  });

  async function run(
    files: Record<string, string>,
  ): Promise<{ exitCode: number; logs: string; read: (path: string) => Promise<string> }> {
    const container = await docker.createContainer({
      Image: config.sandbox.defaultImage,
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none', Memory: 512 * 1024 * 1024 },
      Labels: { 'io.retort.test': 'sandbox-image' },
    });
    containers.push(container);
    const archive = pack();
    for (const [name, content] of Object.entries(files)) {
      archive.entry({ name, uid: 10001, gid: 10001, mode: 0o644 }, content);
    }
    archive.finalize();
    await container.putArchive(archive as unknown as NodeJS.ReadableStream, { path: '/work' });
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })).toString('utf8');
    const read = async (path: string): Promise<string> => {
      const stream = await container.getArchive({ path });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      // A single-file tar: 512-byte header, then the content.
      const tar = Buffer.concat(chunks);
      const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0/g, '').trim(), 8);
      return tar.subarray(512, 512 + size).toString('utf8');
    };
    return { exitCode: StatusCode, logs, read };
  }

  it('runs run(params) and writes its JSON result, numpy values included', async () => {
    const outcome = await run({
      'main.py': [
        'import numpy as np, scipy, pandas, matplotlib, sympy',
        'def run(params):',
        '    return {"sum": np.arange(params["n"]).sum(), "mean": np.float64(2.5)}',
      ].join('\n'),
      'params.json': JSON.stringify({ n: 10 }),
    });
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(await outcome.read('/work/result.json'))).toEqual({ sum: 45, mean: 2.5 });
  });

  it('runs as the unprivileged sandbox user', async () => {
    const outcome = await run({ 'main.py': 'import os\ndef run(p):\n    return [os.getuid(), os.getgid()]' });
    expect(JSON.parse(await outcome.read('/work/result.json'))).toEqual([10001, 10001]);
  });

  it('reports an exception as a failure with its traceback in the logs', async () => {
    const outcome = await run({ 'main.py': 'def run(p):\n    raise ValueError("beam length must be positive")' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.logs).toContain('Traceback');
    expect(JSON.parse(await outcome.read('/work/error.json'))).toEqual({
      type: 'ValueError',
      message: 'beam length must be positive',
    });
  });

  it('refuses a result JSON cannot represent', async () => {
    const outcome = await run({ 'main.py': 'def run(p):\n    return {"x": float("nan")}' });
    expect(outcome.exitCode).toBe(3);
    expect(JSON.parse(await outcome.read('/work/error.json')).message).toMatch(/NaN/);
  });

  it('records progress reported with the retort helper', async () => {
    const outcome = await run({
      'main.py': 'from retort import progress\ndef run(p):\n    progress(0.4, "meshing")\n    return None',
    });
    expect(outcome.exitCode).toBe(0);
    const line = JSON.parse((await outcome.read('/work/progress.jsonl')).trim());
    expect(line).toMatchObject({ fraction: 0.4, message: 'meshing' });
  });
});
