import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { QueueName } from '../src/queue/queue-names';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import request from 'supertest';
import { authenticated, binaryBody } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { waitFor } from './helpers/wait';
import { makeVersion, uniqueToolName } from './factories/tools';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); enough to read our own CSV. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (quoted || (char !== ',' && char !== '\n' && char !== '\r')) {
      field += char;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

const SWEEP_CODE = `
def run(params):
    if params.get("fail"):
        raise RuntimeError("asked to fail")
    a, b = params["a"], params["b"]
    return {"sum": a + b, "nested": {"product": a * b, "label": params["label"]}, "pair": [a, b], "big": a > 1}
`;

describe('batches (real Docker, Redis, PostgreSQL, Keycloak)', () => {
  let api: INestApplication;
  let worker: INestApplication | null = null;
  let db: DataSource;
  let tokens: DemoTokens;
  let tool: string;
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);

  const batchOf = (id: string, who: keyof DemoTokens = 'alice') =>
    as(who)
      .get(`/batches/${id}`)
      .expect(200)
      .then((response) => response.body as Body);

  async function waitForBatch(id: string, done: (batch: Body) => boolean, timeoutMs = 120_000): Promise<Body> {
    return waitFor(() => batchOf(id), done, {
      timeoutMs,
      intervalMs: 300,
      found: (batch) => `batch ${id}: ${JSON.stringify(batch.counts)}`,
    });
  }

  beforeAll(async () => {
    api = await createApiApp(testConfig({ BATCHES_MAX_SIZE: '50' }));
    db = api.get(DataSource);
    tokens = await demoTokens();
    tool = uniqueToolName('sweep');
    await as('tom')
      .post('/tools', { name: tool, displayName: 'Sweep', description: 'Adds two numbers', tags: ['test'] })
      .expect(201);
    await as('tom')
      .post(
        `/tools/${tool}/versions`,
        makeVersion({
          code: SWEEP_CODE,
          parametersSchema: {
            type: 'object',
            additionalProperties: false,
            required: ['a', 'b'],
            properties: {
              a: { type: 'integer', minimum: 0 },
              b: { type: 'number' },
              label: { type: 'string', default: 'plain' },
              fail: { type: 'boolean', default: false },
            },
          },
        }),
      )
      .expect(201);
  });

  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  describe('submission checks (nothing runs)', () => {
    const calculationsCount = async () =>
      (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM calculations`))[0].n;

    it('refuses a combination that breaks the schema, naming its index and values, and creates nothing', async () => {
      const before = await calculationsCount();
      const refused = await as('alice')
        .post('/batches', { name: 'bad', tool, parameters: { b: 1 }, sweep: { grid: { a: [0, 1, -1, 2] } } })
        .expect(422);
      expect(refused.body.detail).toContain('combination 2');
      expect(refused.body.errors).toEqual([
        { path: 'combinations[2].a', message: expect.stringContaining('(combination 2: {"b":1,"a":-1})') },
      ]);
      expect(await calculationsCount()).toBe(before);
    });

    it('refuses zip lists of different lengths, a grid over BATCHES_MAX_SIZE, and two sweep kinds', async () => {
      const zip = await as('alice')
        .post('/batches', { name: 'zip', tool, sweep: { zip: { a: [1, 2], b: [1] } } })
        .expect(422);
      expect(zip.body.errors[0]).toEqual({ path: 'sweep.zip.b', message: expect.stringContaining('equal lengths') });
      const big = await as('alice')
        .post('/batches', {
          name: 'big',
          tool,
          sweep: { grid: { a: [1, 2, 3, 4, 5, 6, 7, 8], b: [1, 2, 3, 4, 5, 6, 7] } },
        })
        .expect(422);
      expect(big.body.errors[0]).toEqual({
        path: 'sweep.grid',
        message: 'generates 56 parameter sets; at most 50 are allowed per batch',
      });
      await as('alice')
        .post('/batches', { name: 'two', tool, sweep: { grid: { a: [1] }, list: [{ a: 1 }] } })
        .expect(422);
    });
  });

  it('creates a 1,000-calculation sweep in one request, in one transaction, enqueued in bulk', async () => {
    const large = await createApiApp(testConfig({ BATCHES_MAX_SIZE: '10000' }));
    try {
      const started = Date.now();
      const created = await authenticated(large, tokens.alice)
        .post('/batches', {
          name: 'thousand',
          tool,
          sweep: { grid: { a: Array.from({ length: 100 }, (_, i) => i), b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } },
        })
        .expect(202);
      const elapsedMs = Date.now() - started;
      expect(created.body).toMatchObject({ size: 1000, counts: { queued: 1000 } });
      // The issue asks for under 2 s; the bound leaves room for a machine shared with other test runs.
      expect(elapsedMs).toBeLessThan(6000);
      const queue = large.get<Queue>(getQueueToken(QueueName.Calculations));
      expect(await queue.getPrioritizedCount()).toBeGreaterThanOrEqual(1000);
      await authenticated(large, tokens.alice).post(`/batches/${created.body.id}/cancel`).expect(202);
      expect((await batchOf(created.body.id)).counts.cancelled).toBe(1000);
      expect(await queue.getPrioritizedCount()).toBe(0);
    } finally {
      await large.close();
    }
  });

  describe('with a worker', () => {
    beforeAll(async () => {
      worker = await createWorkerApp(testConfig({ WORKER_CONCURRENCY: '4', WORKER_PER_USER_CONCURRENCY: '4' }));
    });

    afterAll(async () => {
      await worker?.close();
      worker = null;
    });

    it('runs a 3 x 4 grid to a 12-row results table (JSON and CSV)', async () => {
      const label = 'steel, "S235"';
      const created = await as('alice')
        .post('/batches', {
          name: 'grid',
          tool,
          parameters: { label },
          sweep: { grid: { a: [0, 1, 2], b: [0.5, 1.5, 2.5, 3.5] } },
        })
        .expect(202);
      expect(created.headers.location).toBe(`batches/${created.body.id}`);
      expect(created.body).toMatchObject({ size: 12, tool, toolVersion: '1.0.0', progress: 0, finished: 0 });
      expect(created.body.counts.queued + created.body.counts.running + created.body.counts.completed).toBe(12);

      const done = await waitForBatch(created.body.id, (batch) => batch.finished === 12);
      expect(done.counts).toMatchObject({ completed: 12, failed: 0, queued: 0 });
      expect(done).toMatchObject({ progress: 1, etaS: 0 });
      expect(done.meanDurationS).toBeGreaterThan(0);

      const json = await as('alice').get(`/batches/${created.body.id}/results?format=json`).expect(200);
      expect(json.body.columns).toEqual([
        'index',
        'id',
        'status',
        'parameters.a',
        'parameters.b',
        'parameters.fail',
        'parameters.label',
        'result.big',
        'result.nested.label',
        'result.nested.product',
        'result.sum',
        'cpuTimeS',
        'wallTimeS',
        'peakMemoryBytes',
      ]);
      expect(json.body.rows).toHaveLength(12);
      expect(json.body.rows[5]).toMatchObject({
        index: 5,
        status: 'completed',
        'parameters.a': 1,
        'parameters.b': 1.5,
        'parameters.label': label,
        'result.sum': 2.5,
        'result.nested.product': 1.5,
        'result.big': false,
      });
      expect(json.body.rows[11]['result.big']).toBe(true);
      expect(json.body.rows[0].wallTimeS).toBeGreaterThan(0);

      const csv = await as('alice').get(`/batches/${created.body.id}/results?format=csv`).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text).toContain('"steel, ""S235"""');
      const records = parseCsv(csv.text);
      expect(records).toHaveLength(13);
      expect(records[0]).toEqual(json.body.columns);
      expect(records[6].slice(3, 8)).toEqual(['1', '1.5', 'false', label, 'false']);
      expect(records[6][10]).toBe('2.5');
    });

    it('reruns the failed calculations in the same batch, replacing them in counts and results', async () => {
      const created = await as('alice')
        .post('/batches', {
          name: 'list',
          tool,
          sweep: {
            list: [
              { a: 1, b: 1 },
              { a: 2, b: 2, fail: true },
              { a: 3, b: 3 },
            ],
          },
        })
        .expect(202);
      const id = created.body.id as string;
      await waitForBatch(id, (batch) => batch.finished === 3);
      const before = await as('alice').get(`/batches/${id}/results`).expect(200);
      expect(before.body.rows.map((row: Body) => row.status)).toEqual(['completed', 'failed', 'completed']);

      await as('tom').post(`/batches/${id}/rerun-failed`).expect(404);
      const rerun = await as('alice').post(`/batches/${id}/rerun-failed`).expect(202);
      expect(rerun.body.size).toBe(3);
      const after = await as('alice').get(`/batches/${id}/results`).expect(200);
      expect(after.body.rows).toHaveLength(3);
      expect(after.body.rows[1].id).not.toBe(before.body.rows[1].id);
      expect(after.body.rows[0].id).toBe(before.body.rows[0].id);
      const [row] = await db.query<{ rerun_of: string; batch_index: number }[]>(
        `SELECT rerun_of, batch_index FROM calculations WHERE id = $1`,
        [after.body.rows[1].id],
      );
      expect(row).toEqual({ rerun_of: before.body.rows[1].id, batch_index: 1 });
      await waitForBatch(id, (batch) => batch.finished === 3);
      await as('alice').post(`/batches/${id}/cancel`).expect(409);
    });

    it('cancels every unfinished calculation of a batch', async () => {
      const created = await as('alice')
        .post('/batches', {
          name: 'sleepy',
          code: 'import time\ndef run(p):\n    time.sleep(60)\n',
          sweep: { zip: { i: [1, 2, 3, 4, 5, 6, 7, 8] } },
        })
        .expect(202);
      const id = created.body.id as string;
      expect(created.body.tool).toBeNull();
      await waitForBatch(id, (batch) => batch.counts.running > 0, 60_000);
      const cancelled = await as('alice').post(`/batches/${id}/cancel`).expect(202);
      expect(cancelled.body.counts.queued).toBe(0);
      const done = await waitForBatch(id, (batch) => batch.finished === 8, 60_000);
      expect(done.counts.cancelled).toBe(8);
      await as('alice').post(`/batches/${id}/cancel`).expect(409);
    });

    describe('result reuse', () => {
      const WRITER =
        'def run(params):\n    open("/work/outputs/out.txt", "w").write(str(params["n"]))\n    return {"n": params["n"]}\n';
      let deterministic: string;

      beforeAll(async () => {
        deterministic = uniqueToolName('pure');
        await as('tom')
          .post('/tools', { name: deterministic, displayName: 'Pure', description: 'Writes n', tags: ['test'] })
          .expect(201);
        await as('tom')
          .post(
            `/tools/${deterministic}/versions`,
            makeVersion({
              code: WRITER,
              deterministic: true,
              parametersSchema: { type: 'object', properties: { n: { type: 'number' }, m: { type: 'object' } } },
            }),
          )
          .expect(201);
      });

      const waitDone = (id: string, who: keyof DemoTokens = 'alice') =>
        waitFor(
          async () => (await as(who).get(`/calculations/${id}`).expect(200)).body as Body,
          (calculation) => ['completed', 'failed'].includes(calculation.status),
          { timeoutMs: 60_000, intervalMs: 200, found: (calculation) => `${id} is ${calculation.status}` },
        );

      it('completes a second identical submission at once, with the same result and the same output files', async () => {
        const first = await as('alice')
          .post('/calculations', { name: 'pure', tool: deterministic, parameters: { n: 1.5, m: { b: 1, a: 2 } } })
          .expect(202);
        expect(first.body.reusedFrom).toBeNull();
        const done = await waitDone(first.body.id);
        expect(done.status).toBe('completed');
        expect(done.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

        // The same work, its keys in another order; timed over three submissions (a machine shared with
        // other test runs can stall any one request), each reused.
        const timings: number[] = [];
        let second!: { body: Body };
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const started = process.hrtime.bigint();
          second = await as('alice')
            .post('/calculations', { name: 'again', tool: deterministic, parameters: { m: { a: 2, b: 1 }, n: 1.5 } })
            .expect(202);
          timings.push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(second.body.reusedFrom).toBe(first.body.id);
        }
        expect(Math.min(...timings)).toBeLessThan(100);
        expect(second.body).toMatchObject({
          status: 'completed',
          reusedFrom: first.body.id,
          result: { n: 1.5 },
          imageDigest: done.imageDigest,
        });
        const outputs = async (id: string) =>
          (await as('alice').get(`/calculations/${id}/outputs`).expect(200)).body.map((file: Body) => file.id);
        expect(await outputs(second.body.id)).toEqual(await outputs(first.body.id));
        expect(await outputs(second.body.id)).toHaveLength(1);
        // Downloaded, the reused output is byte for byte the first one's.
        const bytes = async (id: string) =>
          (
            await request(api.getHttpServer())
              .get(`/api/v1/files/${(await outputs(id))[0]}/content`)
              .auth(tokens.alice, { type: 'bearer' })
              .buffer(true)
              .parse(binaryBody)
              .expect(200)
          ).body as Buffer;
        const [firstBytes, reusedBytes] = [await bytes(first.body.id), await bytes(second.body.id)];
        expect(reusedBytes.toString()).toBe('1.5');
        expect(reusedBytes.equals(firstBytes)).toBe(true);

        // Its provenance names the same code, parameters and output content as the first one's.
        const crate = async (id: string) =>
          (await as('alice').get(`/calculations/${id}/provenance`).expect(200)).body as Body;
        const [original, reusedCrate] = [await crate(first.body.id), await crate(second.body.id)];
        const entity = (document: Body, type: string) =>
          (document['@graph'] as Body[]).filter((node) => node['@type'] === type);
        expect(original['@context'][0]).toBe('https://w3id.org/ro/crate/1.1/context');
        const [action] = entity(original, 'CreateAction');
        expect(action).toMatchObject({
          actionStatus: 'http://schema.org/CompletedActionStatus',
          startTime: expect.any(String),
          endTime: expect.any(String),
          worker: expect.any(String),
        });
        expect(entity(original, 'PropertyValue').find((node) => node.name === 'usage.wallTimeS')?.value).toEqual(
          expect.any(Number),
        );
        expect(entity(original, 'SoftwareApplication')).toEqual([
          expect.objectContaining({
            name: deterministic,
            softwareVersion: '1.0.0',
            codeSha256: createHash('sha256').update(WRITER).digest('hex'),
          }),
        ]);
        expect(entity(original, 'ContainerImage')).toEqual([
          expect.objectContaining({ imageId: done.imageDigest, sha256: done.imageDigest.replace('sha256:', '') }),
        ]);
        expect(entity(original, 'PropertyValue').map((node) => [node.name, node.value])).toEqual(
          expect.arrayContaining([['n', '1.5']]),
        );
        const [output] = entity(original, 'File');
        expect(output).toMatchObject({ name: 'out.txt', sha256: createHash('sha256').update('1.5').digest('hex') });
        expect(action.result).toEqual([{ '@id': output['@id'] }]);
        expect(entity(reusedCrate, 'File')).toEqual([output]);
        expect(entity(reusedCrate, 'CreateAction')[0].reusedFrom).toBe(first.body.id);

        // Asked not to, or another parameter: it runs.
        const fresh = await as('alice')
          .post('/calculations', {
            name: 'fresh',
            tool: deterministic,
            parameters: { n: 1.5, m: { a: 2, b: 1 } },
            reuse: false,
          })
          .expect(202);
        expect(fresh.body).toMatchObject({ status: 'queued', reusedFrom: null });
        const other = await as('alice')
          .post('/calculations', { name: 'other', tool: deterministic, parameters: { n: 2, m: { a: 2, b: 1 } } })
          .expect(202);
        expect(other.body.reusedFrom).toBeNull();
        // A rerun runs again.
        const rerun = await as('alice').post(`/calculations/${first.body.id}/rerun`).expect(202);
        expect(rerun.body.reusedFrom).toBeNull();
        await Promise.all([fresh, other, rerun].map((response) => waitDone(response.body.id)));
      });

      it('never reuses a result across users’ private inputs, even of identical name and content', async () => {
        const code = 'def run(p):\n    return {"text": open("/work/inputs/in.txt").read()}\n';
        const upload = async (who: keyof DemoTokens) =>
          (
            await request(api.getHttpServer())
              .post('/api/v1/files')
              .auth(tokens[who], { type: 'bearer' })
              .attach('file', Buffer.from('secret 42'), { filename: 'in.txt', contentType: 'text/plain' })
              .expect(201)
          ).body as Body;
        const submit = (who: keyof DemoTokens, fileId: string) =>
          as(who).post('/calculations', { name: 'private', code, reuse: true, inputs: [{ fileId, as: 'in.txt' }] });
        const alices = await upload('alice');
        const first = await submit('alice', alices.id).expect(202);
        expect((await waitDone(first.body.id)).result).toEqual({ text: 'secret 42' });
        // Her own result she gets back at once.
        const again = await submit('alice', alices.id).expect(202);
        expect(again.body).toMatchObject({ status: 'completed', reusedFrom: first.body.id });

        // Tom may not use her private file at all; with his own of the same name and bytes, the
        // same work by its key, his runs: her result rests on a file he cannot read.
        await submit('tom', alices.id).expect(422);
        const toms = await submit('tom', (await upload('tom')).id).expect(202);
        expect(toms.body).toMatchObject({ status: 'queued', reusedFrom: null });
        // An admin may read her file, yet does not get her result either.
        const adas = await submit('ada', alices.id).expect(202);
        expect(adas.body).toMatchObject({ status: 'queued', reusedFrom: null });
        const keys = await db.query<{ reuse_key: string }[]>(`SELECT reuse_key FROM calculations WHERE id = ANY($1)`, [
          [first.body.id, toms.body.id, adas.body.id],
        ]);
        expect(new Set(keys.map((row) => row.reuse_key)).size).toBe(1);
        expect((await waitDone(toms.body.id, 'tom')).result).toEqual({ text: 'secret 42' });
        await waitDone(adas.body.id, 'ada');
      });

      it('never reuses another user’s calculation, nor ad-hoc code unless asked', async () => {
        const parameters = { n: 7 };
        const mine = await as('alice')
          .post('/calculations', { name: 'mine', tool: deterministic, parameters })
          .expect(202);
        await waitDone(mine.body.id);
        const toms = await as('tom')
          .post('/calculations', { name: 'toms', tool: deterministic, parameters })
          .expect(202);
        expect(toms.body).toMatchObject({ status: 'queued', reusedFrom: null });
        await waitDone(toms.body.id, 'tom');

        const code = 'def run(p):\n    return {"x": 1}\n';
        const adhoc = await as('alice').post('/calculations', { name: 'adhoc', code }).expect(202);
        await waitDone(adhoc.body.id);
        const again = await as('alice').post('/calculations', { name: 'adhoc', code }).expect(202);
        expect(again.body.reusedFrom).toBeNull();
        await waitDone(again.body.id);
        const asked = await as('alice').post('/calculations', { name: 'adhoc', code, reuse: true }).expect(202);
        expect(asked.body).toMatchObject({ status: 'completed', reusedFrom: again.body.id, result: { x: 1 } });
      });
    });

    it('keeps batches to their owner (admins see all)', async () => {
      const created = await as('alice')
        .post('/batches', { name: 'private', tool, sweep: { list: [{ a: 1, b: 1 }] } })
        .expect(202);
      const id = created.body.id as string;
      await as('tom').get(`/batches/${id}`).expect(404);
      await as('tom').get(`/batches/${id}/results`).expect(404);
      await as('tom').post(`/batches/${id}/cancel`).expect(404);
      await as('ada').get(`/batches/${id}`).expect(200);
      const mine = await as('alice').get('/batches?limit=100').expect(200);
      expect(mine.body.items.map((batch: Body) => batch.id)).toContain(id);
      const toms = await as('tom').get('/batches?limit=100').expect(200);
      expect(toms.body.items.map((batch: Body) => batch.id)).not.toContain(id);
      const all = await as('ada').get('/batches?limit=100').expect(200);
      expect(all.body.items.map((batch: Body) => batch.id)).toContain(id);
      await waitForBatch(id, (batch) => batch.finished === 1);
    });
  });

  it('takes users in turn even when one user’s batch could fill every worker slot (round-robin priorities)', async () => {
    // One slot and no binding per-user cap: only the queue's order decides who runs next.
    worker = await createWorkerApp(testConfig({ WORKER_CONCURRENCY: '1', WORKER_PER_USER_CONCURRENCY: '4' }));
    try {
      const big = await as('alice')
        .post('/batches', {
          name: 'big',
          code: 'import time\ndef run(p):\n    time.sleep(1)\n',
          sweep: { zip: { i: Array.from({ length: 30 }, (_, i) => i) } },
        })
        .expect(202);
      await waitForBatch(big.body.id, (batch) => batch.counts.running === 1, 60_000);
      const toms = await as('tom')
        .post('/batches', {
          name: 'small',
          code: 'def run(p):\n    return p["i"]\n',
          sweep: { list: [{ i: 1 }, { i: 2 }] },
        })
        .expect(202);
      await waitFor(
        () => batchOf(toms.body.id, 'tom'),
        (batch) => batch.counts.completed === 2,
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          found: (batch) => `tom's batch: ${JSON.stringify(batch.counts)}`,
        },
      );
      // Tom's two ran alternately with alice's, not after her thirty.
      const batch = await batchOf(big.body.id);
      expect(batch.counts.completed).toBeLessThanOrEqual(4);
      expect(batch.counts.queued).toBeGreaterThan(20);
      await as('alice').post(`/batches/${big.body.id}/cancel`).expect(202);
    } finally {
      await worker.close();
      worker = null;
    }
  });

  it('starts another user’s calculation while a big batch of one user waits (fairness)', async () => {
    worker = await createWorkerApp(testConfig({ WORKER_CONCURRENCY: '2', WORKER_PER_USER_CONCURRENCY: '1' }));
    try {
      const big = await as('alice')
        .post('/batches', {
          name: 'big',
          code: 'import time\ndef run(p):\n    time.sleep(2)\n',
          sweep: { zip: { i: Array.from({ length: 30 }, (_, i) => i) } },
        })
        .expect(202);
      await waitForBatch(big.body.id, (batch) => batch.counts.running === 1, 60_000);
      const single = await as('tom')
        .post('/calculations', { name: 'single', code: 'def run(p):\n    return 1\n' })
        .expect(202);
      const done = await waitFor(
        async () => (await as('tom').get(`/calculations/${single.body.id}`).expect(200)).body as Body,
        (calculation) => calculation.status === 'completed',
        { timeoutMs: 60_000, intervalMs: 200, found: (calculation) => `tom's calculation is ${calculation.status}` },
      );
      expect(done.status).toBe('completed');
      // Alice's batch is still far from done: tom did not wait for it.
      const batch = await batchOf(big.body.id);
      expect(batch.counts.queued).toBeGreaterThan(15);
      await as('alice').post(`/batches/${big.body.id}/cancel`).expect(202);
    } finally {
      await worker.close();
      worker = null;
    }
  });
});
