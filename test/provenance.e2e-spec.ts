import { INestApplication } from '@nestjs/common';
import Docker from 'dockerode';
import { createHash, randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { pack } from 'tar-stream';
import { DataSource } from 'typeorm';
import { createApiApp, createWorkerApp, testConfig } from './helpers/app';
import { authenticated, binaryBody } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { waitFor } from './helpers/wait';
import { makeVersion, uniqueToolName } from './factories/tools';

// JSON answers, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

const SANDBOX_IMAGE = 'retort/sandbox-python-scientific:1.0.0';

/**
 * The entries of a zip archive, read through its central directory (stored or deflated entries:
 * what the crate uses). Enough to check our own archives without a zip library in the tests.
 */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${index}`);
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    const data = archive.subarray(dataAt, dataAt + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

// Deterministic, yet not trivial: seeded pseudo-random numbers, written as bytes and summarised.
const SEEDED = `
import numpy as np

def run(params):
    rng = np.random.default_rng(params["seed"])
    values = rng.normal(size=params["n"])
    values.tofile("/work/outputs/values.bin")
    with open("/work/inputs/data.txt") as source:
        text = source.read()
    open("/work/outputs/summary.txt", "w").write(f"{text.strip()}: {values.sum():.12f}\\n")
    return {"sum": float(values.sum()), "first": float(values[0])}
`;

describe('provenance: crate.zip and exact reruns (real Docker, Redis, PostgreSQL, S3, Keycloak)', () => {
  let api: INestApplication;
  let worker: INestApplication;
  let db: DataSource;
  let tokens: DemoTokens;
  let tool: string;
  const docker = new Docker(testConfig().docker);
  const as = (who: keyof DemoTokens) => authenticated(api, tokens[who]);

  const waitDone = (id: string, who: keyof DemoTokens = 'alice') =>
    waitFor(
      async () => (await as(who).get(`/calculations/${id}`).expect(200)).body as Body,
      (calculation) => ['completed', 'failed', 'timed_out', 'cancelled'].includes(calculation.status),
      { timeoutMs: 90_000, intervalMs: 200, found: (calculation) => `${id} is ${calculation.status}` },
    );

  const download = (path: string, who: keyof DemoTokens = 'alice') =>
    request(api.getHttpServer())
      .get(`/api/v1${path}`)
      .auth(tokens[who], { type: 'bearer' })
      .buffer(true)
      .parse(binaryBody);

  async function upload(name: string, content: string, who: keyof DemoTokens = 'alice'): Promise<Body> {
    const response = await request(api.getHttpServer())
      .post('/api/v1/files')
      .auth(tokens[who], { type: 'bearer' })
      .attach('file', Buffer.from(content), { filename: name, contentType: 'text/plain' })
      .expect(201);
    return response.body as Body;
  }

  async function publish(name: string, overrides: Record<string, unknown>): Promise<void> {
    await as('tom')
      .post('/tools', { name, displayName: name, description: 'Provenance test', tags: ['test'] })
      .expect(201);
    await as('tom').post(`/tools/${name}/versions`, makeVersion(overrides)).expect(201);
  }

  let seeded: Body;
  let input: Body;

  beforeAll(async () => {
    api = await createApiApp();
    // No warm sandboxes: a running warm sandbox would keep the throw-away image from being removed.
    worker = await createWorkerApp(testConfig({ SANDBOX_WARM_POOL_SIZE: '0' }));
    db = api.get(DataSource);
    tokens = await demoTokens();
    tool = uniqueToolName('seeded');
    await publish(tool, {
      code: SEEDED,
      deterministic: true,
      inputs: [{ name: 'data.txt', required: true, contentTypes: [] }],
      parametersSchema: {
        type: 'object',
        required: ['seed'],
        properties: { seed: { type: 'integer' }, n: { type: 'integer', default: 1000 } },
      },
    });
    input = await upload('data.txt', 'measured on 2026-11-30');
    const submitted = await as('alice')
      .post('/calculations', {
        name: 'seeded',
        tool,
        parameters: { seed: 42 },
        inputs: [{ fileId: input.id, as: 'data.txt' }],
      })
      .expect(202);
    seeded = await waitDone(submitted.body.id);
    expect(seeded.status).toBe('completed');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  describe('GET /calculations/:id/crate.zip', () => {
    it('streams ro-crate-metadata.json with the outputs and inputs, each matching its sha256', async () => {
      const response = await download(`/calculations/${seeded.id}/crate.zip`).expect(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="calculation-${seeded.id}.crate.zip"`);
      const entries = unzip(response.body as Buffer);
      expect([...entries.keys()].sort()).toEqual([
        'inputs/data.txt',
        'outputs/summary.txt',
        'outputs/values.bin',
        'ro-crate-metadata.json',
      ]);
      expect(entries.get('inputs/data.txt')?.toString()).toBe('measured on 2026-11-30');
      expect(entries.get('outputs/values.bin')).toHaveLength(1000 * 8);
      expect(entries.get('outputs/summary.txt')?.toString()).toMatch(/^measured on 2026-11-30: -?\d+\.\d{12}\n$/);

      const crate = JSON.parse(entries.get('ro-crate-metadata.json')!.toString()) as Body;
      const graph = crate['@graph'] as Body[];
      const byId = (id: string) => graph.find((node) => node['@id'] === id) as Body;
      // Every file in the archive is a data entity of the root, with the sha256 of exactly these bytes.
      expect(
        byId('./')
          .hasPart.map((part: Body) => part['@id'])
          .sort(),
      ).toEqual(['inputs/data.txt', 'outputs/summary.txt', 'outputs/values.bin']);
      for (const path of ['inputs/data.txt', 'outputs/summary.txt', 'outputs/values.bin']) {
        expect(byId(path)).toMatchObject({ '@type': 'File', sha256: sha256(entries.get(path)!) });
      }
      // The Process Run Crate's parts: the action, its instrument with the image by id, agent, parameters.
      expect(byId('./').conformsTo).toEqual({ '@id': 'https://w3id.org/ro/wfrun/process/0.5' });
      const action = graph.find((node) => node['@type'] === 'CreateAction') as Body;
      expect(action).toMatchObject({
        actionStatus: 'http://schema.org/CompletedActionStatus',
        startTime: seeded.startedAt,
        endTime: expect.any(String),
        agent: { '@id': expect.stringMatching(/^#user-/) },
        result: [{ '@id': 'outputs/summary.txt' }, { '@id': 'outputs/values.bin' }],
      });
      expect(action.object).toEqual(
        expect.arrayContaining([{ '@id': 'inputs/data.txt' }, { '@id': '#parameter-seed' }, { '@id': '#parameter-n' }]),
      );
      expect(byId('#parameter-seed')).toMatchObject({ '@type': 'PropertyValue', name: 'seed', value: '42' });
      const instrument = byId(action.instrument['@id']);
      expect(instrument).toMatchObject({ '@type': 'SoftwareApplication', name: tool, softwareVersion: '1.0.0' });
      expect(byId(instrument.containerImage['@id'])).toMatchObject({
        '@type': 'ContainerImage',
        name: 'retort/sandbox-python-scientific',
        tag: '1.0.0',
        imageId: seeded.imageDigest,
        sha256: seeded.imageDigest.replace('sha256:', ''),
      });
      expect(byId(action.agent['@id'])).toMatchObject({ '@type': 'Person' });
      // The JSON endpoint answers the same document.
      const provenance = await as('alice').get(`/calculations/${seeded.id}/provenance`).expect(200);
      expect(provenance.body).toEqual(crate);
    });

    it('answers 404 problem+json to anyone but the owner (and admins), and for an unknown id', async () => {
      const hidden = await as('tom').get(`/calculations/${seeded.id}/crate.zip`).expect(404);
      expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(hidden.body).toMatchObject({ status: 404, type: 'urn:retort:problem:not-found' });
      await as('alice').get(`/calculations/${randomUUID()}/crate.zip`).expect(404);
      const admin = await download(`/calculations/${seeded.id}/crate.zip`, 'ada').expect(200);
      expect(unzip(admin.body as Buffer).has('outputs/values.bin')).toBe(true);
    });

    it('describes, without its bytes, an input its reader may no longer read', async () => {
      // Tom's public file, used by alice, then made private again: alice's crate names it, holds no bytes.
      const shared = await upload('data.txt', 'tom’s measurements', 'tom');
      await as('tom').patch(`/files/${shared.id}`, { isPublic: true }).expect(200);
      const submitted = await as('alice')
        .post('/calculations', {
          name: 'borrowed',
          tool,
          parameters: { seed: 7, n: 10 },
          inputs: [{ fileId: shared.id, as: 'data.txt' }],
        })
        .expect(202);
      await waitDone(submitted.body.id);
      await as('tom').patch(`/files/${shared.id}`, { isPublic: false }).expect(200);
      const entries = unzip((await download(`/calculations/${submitted.body.id}/crate.zip`).expect(200)).body);
      expect([...entries.keys()].sort()).toEqual([
        'outputs/summary.txt',
        'outputs/values.bin',
        'ro-crate-metadata.json',
      ]);
      const graph = JSON.parse(entries.get('ro-crate-metadata.json')!.toString())['@graph'] as Body[];
      expect(graph.find((node) => node['@id'] === `#file-${shared.id}`)).toMatchObject({
        '@type': 'File',
        name: 'data.txt',
        sha256: sha256('tom’s measurements'),
      });
    });
  });

  describe('POST /calculations/:id/rerun with exact', () => {
    it('runs the same image id again and reproduces the result and the output bytes exactly', async () => {
      const rerun = await as('alice').post(`/calculations/${seeded.id}/rerun`, { exact: true }).expect(202);
      expect(rerun.body).toMatchObject({
        rerunOf: seeded.id,
        reusedFrom: null,
        pinnedImage: seeded.imageDigest,
        image: SANDBOX_IMAGE,
      });
      const done = await waitDone(rerun.body.id);
      expect(done).toMatchObject({ status: 'completed', imageDigest: seeded.imageDigest, result: seeded.result });
      const outputsOf = async (id: string) =>
        ((await as('alice').get(`/calculations/${id}/outputs`).expect(200)).body as Body[]).map((file) => ({
          name: file.name,
          sha256: file.sha256,
        }));
      const [original, again] = [await outputsOf(seeded.id), await outputsOf(done.id)];
      expect(again).toEqual(original);
      expect(again).toHaveLength(2);
      // Not merely linked: new files whose bytes, downloaded, hash the same.
      const files = (await as('alice').get(`/calculations/${done.id}/outputs`).expect(200)).body as Body[];
      const firstFiles = (await as('alice').get(`/calculations/${seeded.id}/outputs`).expect(200)).body as Body[];
      expect(files.map((file) => file.id)).not.toEqual(firstFiles.map((file) => file.id));
      for (const file of files) {
        const bytes = (await download(`/files/${file.id}/content`).expect(200)).body as Buffer;
        expect(sha256(bytes)).toBe(original.find((output) => output.name === file.name)?.sha256);
      }
      // Without `exact` it is not pinned: the tag decides.
      const plain = await as('alice').post(`/calculations/${seeded.id}/rerun`).expect(202);
      expect(plain.body.pinnedImage).toBeNull();
      await waitDone(plain.body.id);
    });

    it('refuses an exact rerun whose image is no longer on the engine, and one with no image id recorded', async () => {
      // A throw-away image of its own (a label makes a new image id), used by a tool of its own.
      const name = `retort/sandbox-throwaway-${randomUUID().slice(0, 8)}`;
      const context = pack();
      context.entry({ name: 'Dockerfile' }, `FROM ${SANDBOX_IMAGE}\nLABEL retort.test.throwaway="${name}"\n`);
      context.finalize();
      const build = await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: `${name}:1` });
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(build, (error: Error | null) => (error ? reject(error) : resolve())),
      );
      const throwaway = uniqueToolName('throwaway');
      await publish(throwaway, { image: `${name}:1`, code: 'def run(params):\n    return {"ok": True}\n' });
      const ran = await as('alice').post('/calculations', { name: 'throwaway', tool: throwaway }).expect(202);
      const done = await waitDone(ran.body.id);
      expect(done.status).toBe('completed');
      const imageId = (await docker.getImage(`${name}:1`).inspect()).Id;
      expect(done.imageDigest).toBe(imageId);
      expect(imageId).not.toBe((await docker.getImage(SANDBOX_IMAGE).inspect()).Id);

      // Accepted while no worker of this run is up (nobody says the image is gone), then the image goes
      // before a worker takes it: that worker fails it, saying why, rather than retrying.
      await worker.close();
      const accepted = await as('alice').post(`/calculations/${ran.body.id}/rerun`, { exact: true }).expect(202);
      expect(accepted.body).toMatchObject({ status: 'queued', pinnedImage: imageId });

      // Gone (its sandbox may still be being removed: retried until the engine lets it go).
      await waitFor(
        () =>
          docker
            .getImage(imageId)
            .remove({ force: true })
            .then(
              () => true,
              () => false,
            ),
        Boolean,
        { timeoutMs: 20_000, intervalMs: 500 },
      );
      worker = await createWorkerApp(testConfig({ SANDBOX_WARM_POOL_SIZE: '0' }));
      expect(await waitDone(accepted.body.id)).toMatchObject({
        status: 'failed',
        errorMessage: `the image ${imageId} this exact rerun must run is no longer on the worker's Docker engine`,
      });

      const refused = await as('alice').post(`/calculations/${ran.body.id}/rerun`, { exact: true }).expect(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: 'urn:retort:problem:image-gone',
        status: 409,
        imageId,
        detail: expect.stringContaining(`The image ${imageId} that calculation ${ran.body.id} ran`),
      });
      // Nothing was created for the refused one (the one rerun is the accepted one above).
      const rows = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM calculations WHERE rerun_of = $1`, [
        ran.body.id,
      ]);
      expect(rows[0].n).toBe(1);

      // A calculation with no image id recorded (one that never started) cannot be rerun exactly either.
      await db.query(`UPDATE calculations SET image_digest = NULL WHERE id = $1`, [ran.body.id]);
      const unrecorded = await as('alice').post(`/calculations/${ran.body.id}/rerun`, { exact: true }).expect(409);
      expect(unrecorded.body.type).toBe('urn:retort:problem:image-not-recorded');
      await as('alice').post(`/calculations/${ran.body.id}/rerun`, { exact: 'yes' }).expect(422);
    });
  });
});
