import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CalculationExecution } from '../src/calculations/calculation-execution.service';
import { CALCULATION_PHASES } from '../src/calculations/jobs/calculation-phases';
import { RunCalculationJob } from '../src/calculations/jobs/run-calculation.job';
import { WorkerIdentity } from '../src/calculations/worker-identity';
import { ReapSandboxesJob } from '../src/calculations/jobs/reap-sandboxes.job';
import { ReconcileCalculationsJob } from '../src/calculations/jobs/reconcile-calculations.job';
import { QueueName } from '../src/queue/queue-names';
import { LABEL_CALCULATION, sandboxContainerOptions, sandboxName } from '../src/sandbox/container-spec';
import { DockerAdapter } from '../src/sandbox/docker.adapter';
import { SandboxRunner } from '../src/sandbox/sandbox-runner';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated, binaryBody } from './helpers/http';
import { eventually, waitFor as waitForValue } from './helpers/wait';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { start, stop, waitForReady, WORKER, randomPort } from './helpers/processes';
import { exampleTools, uniqueToolName } from './factories/tools';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

describe('calculations (real Docker, Redis, PostgreSQL, MinIO, Keycloak)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let db: DataSource;
  let tokens: DemoTokens;
  const tools: Record<string, string> = {};
  const http = () => request(api.getHttpServer());
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);
  const workerConfig = testConfig({ WORKER_CONCURRENCY: '4', SANDBOX_KILL_GRACE_S: '2' });
  const submit = (body: object, who: keyof DemoTokens = 'alice') => as(who).post('/calculations', body);
  const adhoc = (code: string, extra: object = {}) => ({ name: 'ad hoc', code, ...extra });

  async function waitFor(
    id: string,
    statuses: string[],
    timeoutMs = 60_000,
    who: keyof DemoTokens = 'alice',
  ): Promise<Body> {
    return waitForValue(
      async (): Promise<Body> => (await as(who).get(`/calculations/${id}`).expect(200)).body,
      (body) => statuses.includes(body.status as string),
      { timeoutMs, intervalMs: 200, found: (body) => `calculation ${id} is ${body.status}, not ${statuses.join('/')}` },
    );
  }

  /** A calculation's Server-Sent Events, from now until the stream ends (the calculation finished). */
  async function eventsOf(id: string): Promise<{ type: string; data: Body }[]> {
    const server = api.getHttpServer() as Server;
    if (!server.listening) await api.listen(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    const events: { type: string; data: Body }[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/api/v1/calculations/${id}/events`,
          headers: { Authorization: `Bearer ${tokens.alice}`, Accept: 'text/event-stream' },
        },
        (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (data) events.push({ type, data: JSON.parse(data) });
            }
          });
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end();
    });
    return events;
  }

  beforeAll(async () => {
    api = await createApiApp();
    worker = await createWorkerApp(workerConfig);
    db = api.get(DataSource);
    tokens = await demoTokens();
    for (const [key, example] of Object.entries(exampleTools())) {
      const name = uniqueToolName(key);
      await as('tom')
        .post('/tools', { ...example.tool, name })
        .expect(201);
      await as('tom').post(`/tools/${name}/versions`, example.version).expect(201);
      tools[key] = name;
    }
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  describe('example tools end to end', () => {
    let beamId: string;

    it('runs the cantilever beam with schema defaults, records the result and measured usage', async () => {
      const parameters = { lengthM: 2, loadN: 1000, section: { widthM: 0.05, heightM: 0.1 } };
      const submitted = await submit({ name: 'beam', tool: tools['cantilever-beam'], parameters }).expect(202);
      expect(submitted.headers.location).toBe(`calculations/${submitted.body.id}`);
      expect(submitted.body).toMatchObject({
        status: 'queued',
        tool: tools['cantilever-beam'],
        toolVersion: '1.0.0',
        parameters: { ...parameters, youngModulusPa: 210e9, yieldStrengthPa: 250e6 },
        limits: { memoryMb: 256, cpus: 0.5, timeoutS: 60, network: false },
      });
      beamId = submitted.body.id;
      const done = await waitFor(beamId, ['completed', 'failed']);
      expect(done.status).toBe('completed');
      const inertia = (0.05 * 0.1 ** 3) / 12;
      expect(done.result.tipDeflectionM).toBeCloseTo((1000 * 2 ** 3) / (3 * 210e9 * inertia), 12);
      expect(done.result.maxStressPa).toBeCloseTo((1000 * 2 * 0.05) / inertia, 3);
      expect(done.exitCode).toBe(0);
      expect(done.executionTimeS).toBeGreaterThan(0);
      expect(done.cpuTimeS).toBeGreaterThan(0);
      expect(done.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
      expect(done.queueWaitS).toBeGreaterThanOrEqual(0);
      expect(done.startedAt).not.toBeNull();
    });

    it('fits a line through an uploaded CSV and stores the PNG plot as an output file', async () => {
      const rows = ['x,y', ...Array.from({ length: 20 }, (_, i) => `${i},${2 * i + 1}`)].join('\n');
      const file = await http()
        .post('/api/v1/files')
        .auth(tokens.alice, { type: 'bearer' })
        .attach('file', Buffer.from(rows), { filename: 'line.csv', contentType: 'text/csv' })
        .expect(201);
      const submitted = await submit({
        name: 'regression',
        tool: tools['linear-regression'],
        parameters: {},
        inputs: [{ fileId: file.body.id }],
      }).expect(202);
      expect(submitted.body.inputs).toEqual([{ fileId: file.body.id, name: 'data' }]);
      const done = await waitFor(submitted.body.id, ['completed', 'failed']);
      expect(done.status).toBe('completed');
      expect(done.result.slope).toBeCloseTo(2, 10);
      expect(done.result.intercept).toBeCloseTo(1, 10);
      expect(done.progress).toBe(1);
      const outputs = await as('alice').get(`/calculations/${submitted.body.id}/outputs`).expect(200);
      expect(outputs.body).toHaveLength(1);
      expect(outputs.body[0]).toMatchObject({ name: 'plot.png', contentType: 'image/png', ownerId: file.body.ownerId });
      const png = await http()
        .get(`/api/v1/files/${outputs.body[0].id}/content`)
        .auth(tokens.alice, { type: 'bearer' })
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect((png.body as Buffer).subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      // An input of an unfinished calculation cannot be deleted; of a finished one it can.
      await as('alice').get(`/files/${file.body.id}`).expect(200);

      // The worker says where the time went, phase by phase, each observed (at least) once.
      const metrics = await request(worker.getHttpServer()).get('/metrics').expect(200);
      const observed = (phase: string) => {
        const count = new RegExp(
          `^retort_calculation_phase_seconds_count\\{[^}]*phase="${phase}"[^}]*\\} (\\d+)$`,
          'm',
        );
        return Number(count.exec(metrics.text)?.[1] ?? 0) > 0;
      };
      expect(Object.fromEntries(CALCULATION_PHASES.map((phase) => [phase, observed(phase)]))).toEqual(
        Object.fromEntries(CALCULATION_PHASES.map((phase) => [phase, true])),
      );
    });

    it('streams status changes and progress over Server-Sent Events', async () => {
      const submitted = await submit({
        name: 'pi',
        tool: tools['monte-carlo-pi'],
        parameters: { samples: 150_000_000, seed: 7 },
        limits: { cpus: 1 },
      }).expect(202);
      const events = await eventsOf(submitted.body.id as string);
      const statuses = events.filter((event) => event.type === 'status').map((event) => event.data.status);
      expect(statuses[0]).toMatch(/queued|running/);
      expect(statuses.at(-1)).toBe('completed');
      const progress = events.filter((event) => event.type === 'progress').map((event) => event.data.fraction);
      expect(progress.length).toBeGreaterThanOrEqual(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const done = await waitFor(submitted.body.id, ['completed']);
      expect(Math.abs(done.result.estimate - Math.PI)).toBeLessThan(0.01);
    });

    it('catches a viewer who comes late up on the log so far, then goes on live, each line once', async () => {
      const code =
        'import time\ndef run(p):\n    print("early", flush=True)\n    time.sleep(3)\n' +
        '    print("late", flush=True)\n    time.sleep(1)\n';
      const submitted = await submit(adhoc(code)).expect(202);
      const id = submitted.body.id as string;
      await waitFor(id, ['running']);
      // Well after the early line was published: a viewer subscribing now would miss it live.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const events = await eventsOf(id);
      const logged = events.filter((event) => event.type === 'log');
      expect(logged.map((event) => event.data.text as string).join('')).toBe('early\nlate\n');
      expect(events.at(-1)?.data.status).toBe('completed');
      expect((await as('alice').get(`/calculations/${id}/logs`).expect(200)).body.stdout).toBe('early\nlate\n');
    });

    it('reruns a calculation as a new one with the same version and parameters', async () => {
      const rerun = await as('alice').post(`/calculations/${beamId}/rerun`).expect(202);
      expect(rerun.body.id).not.toBe(beamId);
      expect(rerun.body.rerunOf).toBe(beamId);
      const [first, second] = [await waitFor(beamId, ['completed']), await waitFor(rerun.body.id, ['completed'])];
      expect(second.result).toEqual(first.result);
      expect(second.parameters).toEqual(first.parameters);
    });

    it('lists with filters and shows admins the recent calculations with user names', async () => {
      const mine = await as('alice').get(`/calculations?status=completed&tool=${tools['cantilever-beam']}`).expect(200);
      expect(mine.body.items.length).toBe(2);
      expect(mine.body.items.every((item: Body) => item.status === 'completed')).toBe(true);
      expect((await as('tom').get(`/calculations?tool=${tools['cantilever-beam']}`)).body.items).toEqual([]);
      await as('tom').get(`/calculations/${beamId}`).expect(404);
      const recent = await as('ada').get('/admin/calculations/recent?limit=5').expect(200);
      expect(recent.body.items[0]).toEqual(
        expect.objectContaining({ username: expect.any(String), status: expect.any(String), name: expect.any(String) }),
      );
      await as('alice').get('/admin/calculations/recent').expect(403);
    });

    it('pages through a list with its cursor: newest first, nothing twice, nothing left out', async () => {
      // Five calculations of its own (other tests leave many more), told apart by their creation time.
      const since = new Date().toISOString();
      const beam = { lengthM: 2, loadN: 1000, section: { widthM: 0.05, heightM: 0.1 } };
      await submit({ name: 'beam', tool: tools['cantilever-beam'], parameters: beam }).expect(202);
      for (let i = 0; i < 4; i += 1) await submit(adhoc(`def run(p):\n    return ${i}\n`)).expect(202);
      const mine = `/calculations?from=${encodeURIComponent(since)}`;
      const everything = (await as('alice').get(`${mine}&limit=100`).expect(200)).body.items as Body[];
      expect(everything).toHaveLength(5);
      const seen: Body[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = (await as('alice').get(`${mine}&limit=2${query}`).expect(200)).body;
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((item) => item.id)).toEqual(everything.map((item) => item.id));
      const times = seen.map((item) => Date.parse(item.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // Newest first: the ad-hoc ones, then the tool's, with its name and version.
      expect(seen.slice(0, 4).map((item) => item.tool)).toEqual([null, null, null, null]);
      expect(seen[4]).toMatchObject({ name: 'beam', tool: tools['cantilever-beam'], toolVersion: '1.0.0' });
      await as('alice').get('/calculations?cursor=not-a-cursor').expect(422);
    });
  });

  describe('validation', () => {
    it('answers 422 with field paths for parameters, limits, mode, inputs and deprecated versions', async () => {
      const badParameters = await submit({
        name: 'bad',
        tool: tools['cantilever-beam'],
        parameters: { lengthM: -1, section: { widthM: 1 } },
      }).expect(422);
      expect(badParameters.body.errors.map((error: Body) => error.path).sort()).toEqual([
        'parameters.lengthM',
        'parameters.loadN',
        'parameters.section.heightM',
      ]);
      const tooMuch = await submit({
        name: 'big',
        tool: tools['monte-carlo-pi'],
        parameters: {},
        limits: { memoryMb: 100_000, timeoutS: 301 },
      }).expect(422);
      expect(tooMuch.body.errors.map((error: Body) => error.path).sort()).toEqual([
        'limits.memoryMb',
        'limits.timeoutS',
      ]);
      await submit({ name: 'both', tool: tools['monte-carlo-pi'], code: 'x' }).expect(422);
      const unknown = await submit({ name: 'x', tool: 'no-such-tool' }).expect(422);
      expect(unknown.body.errors[0].path).toBe('tool');
      const private_ = await http()
        .post('/api/v1/files')
        .auth(tokens.tom, { type: 'bearer' })
        .attach('file', Buffer.from('x,y\n1,2\n'), { filename: 'tom.csv', contentType: 'text/csv' })
        .expect(201);
      const notYours = await submit({
        name: 'x',
        tool: tools['linear-regression'],
        inputs: [{ fileId: private_.body.id }],
      }).expect(422);
      expect(notYours.body.errors[0].path).toBe('inputs.0.fileId');
      const missing = await submit({ name: 'x', tool: tools['linear-regression'] }).expect(422);
      expect(missing.body.errors[0]).toMatchObject({ path: 'inputs' });

      await as('tom')
        .post(`/tools/${tools['monte-carlo-pi']}/versions`, {
          ...exampleTools()['monte-carlo-pi'].version,
          version: '1.1.0',
        })
        .expect(201);
      await as('tom').post(`/tools/${tools['monte-carlo-pi']}/versions/1.1.0/deprecate`).expect(200);
      const deprecated = await submit({ name: 'old', tool: tools['monte-carlo-pi'], version: '1.1.0' }).expect(422);
      expect(deprecated.body.errors[0].path).toBe('version');
    });
  });

  describe('hostile ad-hoc code', () => {
    it('reports an OOM kill as failed with "memory limit exceeded" and the peak near the limit', async () => {
      const submitted = await submit(
        adhoc('def run(p):\n    blocks = []\n    while True:\n        blocks.append(bytearray(16 * 1024 * 1024))\n', {
          limits: { memoryMb: 128 },
        }),
      ).expect(202);
      const done = await waitFor(submitted.body.id, ['failed', 'completed']);
      expect(done).toMatchObject({ errorMessage: 'memory limit of 128 MB exceeded', limitExceeded: 'memory' });
      expect(done.peakMemoryBytes).toBeGreaterThan(0.9 * 128 * 1024 * 1024);
    });

    it('ends an infinite loop as timed_out shortly after its limit', async () => {
      const submitted = await submit(
        adhoc('def run(p):\n    while True:\n        pass\n', { limits: { timeoutS: 2 } }),
      ).expect(202);
      const done = await waitFor(submitted.body.id, ['timed_out', 'failed', 'completed']);
      expect(done.status).toBe('timed_out');
      expect(done.executionTimeS).toBeGreaterThanOrEqual(2);
      expect(done.executionTimeS).toBeLessThan(2 + 5);
    });

    it('reports an exception and keeps a truncated stdout flood', async () => {
      const submitted = await submit(
        adhoc(
          "import sys\ndef run(p):\n    for _ in range(3000):\n        sys.stdout.write('y' * 1000 + '\\n')\n    raise RuntimeError('boom')\n",
        ),
      ).expect(202);
      const done = await waitFor(submitted.body.id, ['failed', 'completed']);
      expect(done).toMatchObject({ status: 'failed', errorMessage: 'RuntimeError: boom', exitCode: 1 });
      const logs = await as('alice').get(`/calculations/${submitted.body.id}/logs`).expect(200);
      expect(logs.body.stdoutBytes).toBe(3000 * 1001);
      expect(logs.body.stdoutTruncated).toBe(true);
      expect(logs.body.stdout).toHaveLength(1024 * 1024);
      expect(logs.body.stderr).toContain('RuntimeError: boom');
    });
  });

  describe('cancellation', () => {
    it('cancels a queued calculation at once and takes it off the queue', async () => {
      // Paused for every worker: the job waits in the queue.
      const queue = api.get<Queue>(getQueueToken(QueueName.Calculations));
      await queue.pause();
      try {
        const submitted = await submit(adhoc('def run(p):\n    return 1\n')).expect(202);
        const cancelled = await as('alice').post(`/calculations/${submitted.body.id}/cancel`).expect(202);
        expect(cancelled.body.status).toBe('cancelled');
        expect(await queue.getJob(`calc-${submitted.body.id}`)).toBeUndefined();
        const conflict = await as('alice').post(`/calculations/${submitted.body.id}/cancel`).expect(409);
        expect(conflict.body.type).toMatch(/calculation-finished$/);
        const actions = await db.query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY created_at`, [
          submitted.body.id,
        ]);
        expect(actions.map((row: Body) => row.action)).toEqual(['calculation.submitted', 'calculation.cancelled']);
      } finally {
        await queue.resume();
      }
    });

    it('cancels a running calculation: SIGTERM, then SIGKILL after the grace period', async () => {
      const submitted = await submit(
        adhoc(
          'import signal, time\ndef run(p):\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    time.sleep(120)\n',
        ),
      ).expect(202);
      await waitFor(submitted.body.id, ['running']);
      const requested = Date.now();
      await as('alice').post(`/calculations/${submitted.body.id}/cancel`).expect(202);
      const done = await waitFor(submitted.body.id, ['cancelled', 'failed', 'completed']);
      expect(done.status).toBe('cancelled');
      expect(Date.now() - requested).toBeLessThan(10_000);
      const containers = () => worker.get(DockerAdapter).findByName(sandboxName(submitted.body.id));
      expect(await eventually(containers, (left) => left.length === 0)).toEqual([]);
    });
  });

  describe('throughput and robustness', () => {
    it('completes 20 calculations submitted at once', async () => {
      const submitted = await Promise.all(
        Array.from({ length: 20 }, (_, i) => submit(adhoc(`def run(p):\n    return {'i': ${i}}\n`)).expect(202)),
      );
      const done = await Promise.all(
        submitted.map((response) => waitFor(response.body.id, ['completed', 'failed'], 120_000)),
      );
      expect(done.map((calculation) => calculation.status)).toEqual(Array(20).fill('completed'));
      expect(done.map((calculation) => calculation.result.i).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    });

    it('runs at most WORKER_PER_USER_CONCURRENCY calculations of one user at once', async () => {
      await worker.close();
      worker = await createWorkerApp(testConfig({ WORKER_CONCURRENCY: '4', WORKER_PER_USER_CONCURRENCY: '1' }));
      try {
        const submitted = await Promise.all(
          Array.from({ length: 3 }, () => submit(adhoc('import time\ndef run(p):\n    time.sleep(1)\n')).expect(202)),
        );
        const ids = submitted.map((response) => response.body.id as string);
        let mostAtOnce = 0;
        await waitForValue(
          async () => {
            const [{ running, done }] = await db.query<{ running: number; done: number }[]>(
              `SELECT count(*) FILTER (WHERE status = 'running')::int AS running,
                      count(*) FILTER (WHERE status = 'completed')::int AS done
               FROM calculations WHERE id = ANY($1)`,
              [ids],
            );
            mostAtOnce = Math.max(mostAtOnce, running);
            return done;
          },
          (done) => done === ids.length,
          { timeoutMs: 60_000, intervalMs: 50 },
        );
        expect(mostAtOnce).toBe(1);
      } finally {
        await worker.close();
        worker = await createWorkerApp(workerConfig);
      }
    });

    it('on SIGTERM, gives a worker the grace period, then requeues what it had to kill', async () => {
      await worker.close();
      const port = randomPort();
      const leaving = start(WORKER, {
        ...process.env,
        WORKER_HTTP_PORT: String(port),
        SHUTDOWN_GRACE_MS: '1000',
        LOG_LEVEL: 'warn',
      });
      try {
        await waitForReady(port, leaving);
        const submitted = await submit(
          adhoc('import time\ndef run(p):\n    time.sleep(4)\n    return "slept"\n'),
        ).expect(202);
        await waitFor(submitted.body.id, ['running'], 30_000);
        expect(await stop(leaving)).toBe('stopped');
        const requeued = (await as('alice').get(`/calculations/${submitted.body.id}`)).body;
        expect(requeued).toMatchObject({ status: 'queued', startedAt: null });
        const containers = () => worker.get(DockerAdapter).findByName(sandboxName(submitted.body.id));
        expect(await eventually(containers, (left) => left.length === 0)).toEqual([]);
        worker = await createWorkerApp(workerConfig);
        const done = await waitFor(submitted.body.id, ['completed', 'failed'], 60_000);
        expect(done).toMatchObject({ status: 'completed', result: 'slept' });
      } finally {
        await stop(leaving);
      }
    });

    it('puts back, unstarted, a job that reaches it once it has begun to stop', async () => {
      await worker.close();
      const stopping = await createWorkerApp(workerConfig);
      const run = jest.spyOn(stopping.get(SandboxRunner), 'run');
      // The job is held between its fetch and its start until the worker's shutdown has looked at
      // what runs (and found nothing): the window a job fetched just before the pause falls in.
      let inWindow!: () => void;
      const fetched = new Promise<void>((resolve) => (inWindow = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const execution = stopping.get(CalculationExecution);
      const userHasRoom = execution.userHasRoom.bind(execution);
      jest.spyOn(execution, 'userHasRoom').mockImplementationOnce(async (...args) => {
        inWindow();
        await held;
        return userHasRoom(...args);
      });
      const job = stopping.get(RunCalculationJob);
      const destroy = job.onModuleDestroy.bind(job);
      jest.spyOn(job, 'onModuleDestroy').mockImplementation(async () => {
        await destroy();
        release();
      });
      const submitted = await submit(adhoc('def run(p):\n    return "ran once"\n')).expect(202);
      const id = submitted.body.id as string;
      const queue = api.get<Queue>(getQueueToken(QueueName.Calculations));
      try {
        await fetched;
        await stopping.close();
        // Back in the queue by the stopping worker's own hand, never started, no sandbox taken.
        expect(
          await eventually(
            async () => (await queue.getJob(`calc-${id}`))?.getState(),
            (state) => state === 'delayed',
          ),
        ).toBe('delayed');
        expect(run).not.toHaveBeenCalled();
        expect((await as('alice').get(`/calculations/${id}`).expect(200)).body).toMatchObject({
          status: 'queued',
          startedAt: null,
        });
      } finally {
        worker = await createWorkerApp(workerConfig);
      }
      expect(await waitFor(id, ['completed', 'failed'], 60_000)).toMatchObject({
        status: 'completed',
        result: 'ran once',
      });
    });

    it('reaps orphan sandboxes of its own installation only, never another one sharing the engine', async () => {
      const docker = worker.get(DockerAdapter);
      const orphan = (installation: string, workerId = `gone-${randomUUID()}`) =>
        docker.create(
          sandboxContainerOptions({
            calculationId: randomUUID(),
            workerId,
            installation,
            image: workerConfig.sandbox.defaultImage,
            memoryMb: 64,
            cpus: 1,
            pidsLimit: 16,
            tmpfsMb: 8,
            diskMb: 8,
            maxOutputBytes: 1024,
            resultMaxBytes: 1024,
            network: false,
          }),
        );
      const ours = await orphan(workerConfig.queuePrefix);
      const theirs = await orphan(`another-${workerConfig.queuePrefix}`);
      // This worker's own, just created and held by nothing yet: being set up, not an orphan.
      const settingUp = await orphan(workerConfig.queuePrefix, worker.get(WorkerIdentity).id);
      try {
        await worker.get(ReapSandboxesJob).reap();
        const left = (await docker.listByLabel(LABEL_CALCULATION)).map((container) => container.id);
        expect(left).toContain(theirs);
        expect(left).toContain(settingUp);
        expect(left).not.toContain(ours);
      } finally {
        for (const id of [theirs, ours, settingUp]) await docker.remove(id).catch(() => undefined);
      }
    });

    it('ends a calculation whose worker was SIGKILLed in a definite state and leaves no container', async () => {
      // Only the worker about to be killed takes jobs.
      await worker.close();
      const port = randomPort();
      const doomed = start(WORKER, { ...process.env, WORKER_HTTP_PORT: String(port), LOG_LEVEL: 'warn' });
      try {
        await waitForReady(port, doomed);
        const submitted = await submit(adhoc('import time\ndef run(p):\n    time.sleep(120)\n')).expect(202);
        await waitFor(submitted.body.id, ['running'], 30_000);
        doomed.child.kill('SIGKILL');
        worker = await createWorkerApp(workerConfig);
        const docker = worker.get(DockerAdapter);
        expect(await docker.findByName(sandboxName(submitted.body.id))).toHaveLength(1);
        // Once the dead worker's heartbeat expires, the reconciler and the reaper clean up after it
        // (or BullMQ hands the stalled job to the new worker, which ends it the same way).
        const { done } = await eventually(
          async () => {
            await worker.get(ReconcileCalculationsJob).reconcile();
            await worker.get(ReapSandboxesJob).reap();
            const body: Body = (await as('alice').get(`/calculations/${submitted.body.id}`)).body;
            const left = await docker.findByName(sandboxName(submitted.body.id));
            return { done: body, left: left.length };
          },
          ({ done, left }) => done.status !== 'running' && left === 0,
          75_000,
          1000,
        );
        expect(done.status).toBe('failed');
        expect(done.errorMessage).toMatch(/stopped unexpectedly/);
        expect(await docker.findByName(sandboxName(submitted.body.id))).toEqual([]);
      } finally {
        expect(await stop(doomed)).toMatch(/exited already/);
      }
    }, 150_000);
  });
});
