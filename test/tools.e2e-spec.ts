import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { Principal } from '../src/users/principal';
import { Role } from '../src/common/roles';
import { ValidationProblem } from '../src/common/problem.exception';
import { ToolsService } from '../src/tools/tools.service';
import { User } from '../src/users/user.entity';
import { createApiApp } from './helpers/app';
import { authenticated } from './helpers/http';
import { DemoTokens, demoTokens } from './helpers/keycloak';
import { MAIN, randomPort, start, stop, waitForReady } from './helpers/processes';
import { exampleTools, makeVersion, uniqueToolName } from './factories/tools';

const run = promisify(execFile);

describe('tools (real PostgreSQL, Keycloak)', () => {
  let app: INestApplication;
  let db: DataSource;
  let tokens: DemoTokens;
  const as = (who: keyof DemoTokens) => authenticated(app, tokens[who]);
  const createTool = async (who: keyof DemoTokens, overrides: Record<string, unknown> = {}) => {
    const name = (overrides.name as string | undefined) ?? uniqueToolName();
    await as(who)
      .post('/tools', { displayName: `Tool ${name}`, ...overrides, name })
      .expect(201);
    return name;
  };
  const principalOf = async (username: string, roles: Role[]): Promise<Principal> => ({
    user: await db.getRepository(User).findOneByOrFail({ username }),
    roles,
    via: 'token',
  });

  beforeAll(async () => {
    app = await createApiApp();
    db = app.get(DataSource);
    tokens = await demoTokens();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('roles', () => {
    it('lets tool authors and admins create tools, not plain users', async () => {
      await as('alice').post('/tools', { name: uniqueToolName(), displayName: 'Nope' }).expect(403);
      const name = await createTool('tom', { description: 'by tom', tags: ['mechanics'] });
      const tool = await as('alice').get(`/tools/${name}`).expect(200);
      expect(tool.body).toMatchObject({ name, description: 'by tom', tags: ['mechanics'], latestVersion: null });
      await createTool('ada');
    });

    it('refuses a duplicate tool name with 409', async () => {
      const name = await createTool('tom');
      const response = await as('ada').post('/tools', { name, displayName: 'again' }).expect(409);
      expect(response.body.type).toMatch(/tool-exists$/);
    });

    it('lets only the tool’s author or an admin publish, change or deprecate it', async () => {
      const adas = await createTool('ada');
      await as('tom').post(`/tools/${adas}/versions`, makeVersion()).expect(403);
      await as('alice').post(`/tools/${adas}/versions`, makeVersion()).expect(403);
      await as('tom').patch(`/tools/${adas}`, { displayName: 'mine now' }).expect(403);
      const toms = await createTool('tom');
      await as('tom').post(`/tools/${toms}/versions`, makeVersion()).expect(201);
      await as('alice').post(`/tools/${toms}/versions/1.0.0/deprecate`).expect(403);
      await as('ada')
        .post(`/tools/${toms}/versions`, makeVersion({ version: '1.0.1' }))
        .expect(201);
    });
  });

  describe('versions', () => {
    it('publishes the example tools', async () => {
      for (const example of Object.values(exampleTools())) {
        const name = uniqueToolName(example.tool.name);
        await as('tom')
          .post('/tools', { ...example.tool, name })
          .expect(201);
        const published = await as('tom').post(`/tools/${name}/versions`, example.version).expect(201);
        expect(published.headers.location).toBe(`tools/${name}/versions/1.0.0`);
        expect(published.body).toMatchObject({ tool: name, version: '1.0.0', deprecated: false, network: false });
        const read = await as('alice').get(`/tools/${name}/versions/1.0.0`).expect(200);
        expect(read.body.code).toBe(example.version.code);
        expect(read.body.parametersSchema).toEqual(example.version.parametersSchema);
        expect(read.body.inputs).toEqual(
          (example.version.inputs as object[]).map((input) => ({ required: true, contentTypes: [], ...input })),
        );
      }
    });

    it('refuses to publish a version twice, and the database refuses to change a published one', async () => {
      const name = await createTool('tom');
      const first = await as('tom').post(`/tools/${name}/versions`, makeVersion()).expect(201);
      const again = await as('tom')
        .post(`/tools/${name}/versions`, makeVersion({ code: 'def run(p):\n    return 2\n' }))
        .expect(409);
      expect(again.body.type).toMatch(/version-exists$/);
      await expect(
        db.query(`UPDATE tool_versions SET code = 'def run(p): return 3' WHERE id = $1`, [first.body.id]),
      ).rejects.toThrow(/immutable/);
      const read = await as('tom').get(`/tools/${name}/versions/1.0.0`).expect(200);
      expect(read.body.code).toBe(makeVersion().code);
    });

    it('answers 422 with a path for each invalid field', async () => {
      const name = await createTool('tom');
      const invalid = makeVersion({
        version: 'v1',
        image: 'someone/else:latest',
        parametersSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 'zero' } } },
        limits: { memoryMb: 999999, cpus: 64, timeoutS: 10, maxOutputBytes: 1 },
        network: true,
      });
      const response = await as('tom')
        .post(`/tools/${name}/versions`, { ...invalid, inputs: [{ name: '../etc/passwd' }] })
        .expect(422);
      const paths = response.body.errors.map((error: { path: string }) => error.path);
      expect(paths).toEqual(expect.arrayContaining(['inputs.0.name']));
      // Shape errors come first (class-validator); the rest once the body is well formed.
      const semantic = await as('tom').post(`/tools/${name}/versions`, invalid).expect(422);
      expect(semantic.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
        'image',
        'limits.cpus',
        'limits.memoryMb',
        'network',
        'parametersSchema.properties.n.minimum',
        'version',
      ]);
      const missing = await as('tom').post(`/tools/${name}/versions`, { version: '1.0.0' }).expect(422);
      expect(missing.body.errors.map((error: { path: string }) => error.path)).toEqual(
        expect.arrayContaining(['image', 'code', 'parametersSchema', 'limits']),
      );
    });

    it('lets an admin publish a version with network access', async () => {
      const name = await createTool('ada');
      const response = await as('ada')
        .post(`/tools/${name}/versions`, makeVersion({ network: true }))
        .expect(201);
      expect(response.body.network).toBe(true);
    });

    it('serves the highest non-deprecated release as the latest, and deprecation moves it', async () => {
      const name = await createTool('tom');
      for (const version of ['1.0.0', '1.10.0', '1.2.0', '2.0.0-rc.1']) {
        await as('tom').post(`/tools/${name}/versions`, makeVersion({ version })).expect(201);
      }
      expect((await as('alice').get(`/tools/${name}`)).body.latestVersion.version).toBe('1.10.0');
      const deprecated = await as('tom').post(`/tools/${name}/versions/1.10.0/deprecate`).expect(200);
      expect(deprecated.body.deprecated).toBe(true);
      await as('tom').post(`/tools/${name}/versions/1.10.0/deprecate`).expect(200);
      expect((await as('alice').get(`/tools/${name}`)).body.latestVersion.version).toBe('1.2.0');
      // Deprecated versions stay readable.
      await as('alice').get(`/tools/${name}/versions/1.10.0`).expect(200);
      const versions = await as('alice').get(`/tools/${name}/versions?limit=3`).expect(200);
      expect(versions.body.items.map((item: { version: string }) => item.version)).toEqual([
        '2.0.0-rc.1',
        '1.2.0',
        '1.10.0',
      ]);
      expect(versions.body.nextCursor).not.toBeNull();

      const tools = app.get(ToolsService);
      const alice = await principalOf('alice', [Role.User]);
      await expect(tools.resolveForRun(alice, name, '1.10.0')).rejects.toThrow(ValidationProblem);
      expect((await tools.resolveForRun(alice, name)).version.version).toBe('1.2.0');
      expect((await tools.resolveForRun(alice, name, '1.0.0')).version.version).toBe('1.0.0');

      const events = await db.query<{ action: string }[]>(
        `SELECT action FROM audit_events WHERE metadata->>'tool' = $1 OR metadata->>'name' = $1 ORDER BY created_at`,
        [name],
      );
      expect(events.map((event) => event.action)).toEqual([
        'tool.created',
        'tool-version.published',
        'tool-version.published',
        'tool-version.published',
        'tool-version.published',
        'tool-version.deprecated',
      ]);
    });

    it('validates parameters against the version’s schema and applies defaults', async () => {
      const beam = exampleTools()['cantilever-beam'];
      const name = uniqueToolName('beam');
      await as('tom')
        .post('/tools', { ...beam.tool, name })
        .expect(201);
      await as('tom').post(`/tools/${name}/versions`, beam.version).expect(201);
      const tools = app.get(ToolsService);
      const { version } = await tools.resolveForRun(await principalOf('alice', [Role.User]), name);
      expect(
        tools.validateParameters(version, { lengthM: 2, loadN: 500, section: { widthM: 0.05, heightM: 0.1 } }),
      ).toEqual({
        lengthM: 2,
        loadN: 500,
        section: { widthM: 0.05, heightM: 0.1 },
        youngModulusPa: 210e9,
        yieldStrengthPa: 250e6,
      });
      let problem: ValidationProblem | undefined;
      try {
        tools.validateParameters(version, { lengthM: 0, section: { widthM: 'wide' } });
      } catch (error) {
        problem = error as ValidationProblem;
      }
      expect(problem?.fieldErrors.map((error) => error.path).sort()).toEqual([
        'parameters.lengthM',
        'parameters.loadN',
        'parameters.section.heightM',
        'parameters.section.widthM',
      ]);
    });
  });

  describe('catalogue', () => {
    it('searches name, display name, description and tags, and filters by tag', async () => {
      const marker = `zq${Date.now().toString(36)}`;
      const byName = await createTool('tom', { name: `${marker}-solver`, displayName: 'Solver' });
      const byDescription = await createTool('tom', { description: `Uses the ${marker} method` });
      const byTag = await createTool('tom', { tags: [marker] });
      const found = await as('alice').get(`/tools?search=${marker.toUpperCase()}`).expect(200);
      expect(found.body.items.map((tool: { name: string }) => tool.name).sort()).toEqual(
        [byName, byDescription, byTag].sort(),
      );
      const tagged = await as('alice').get(`/tools?tag=${marker}`).expect(200);
      expect(tagged.body.items.map((tool: { name: string }) => tool.name)).toEqual([byTag]);
    });

    it('hides inactive tools from users but not from their author or admins', async () => {
      const name = await createTool('tom', { tags: ['hidden-soon'] });
      await as('tom').patch(`/tools/${name}`, { isActive: false }).expect(200);
      await as('alice').get(`/tools/${name}`).expect(404);
      await as('tom').get(`/tools/${name}`).expect(200);
      const forAlice = await as('alice').get('/tools?tag=hidden-soon').expect(200);
      expect(forAlice.body.items.map((tool: { name: string }) => tool.name)).not.toContain(name);
      const forAda = await as('ada').get('/tools?tag=hidden-soon').expect(200);
      expect(forAda.body.items.map((tool: { name: string }) => tool.name)).toContain(name);
      await expect(
        app.get(ToolsService).resolveForRun(await principalOf('tom', [Role.User, Role.ToolAuthor]), name),
      ).rejects.toThrow(ValidationProblem);
    });

    it('validates tool fields with paths', async () => {
      const response = await as('tom')
        .post('/tools', { name: 'Bad Name', displayName: '', tags: ['ok', 'Not OK'] })
        .expect(422);
      expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
        'displayName',
        'name',
        'tags',
      ]);
    });
  });

  describe('npm run tools:publish-examples', () => {
    it('publishes the examples through the API, and a second run changes nothing', async () => {
      const port = randomPort();
      const api = start(MAIN, { ...process.env, API_PORT: String(port), API_HOST: '127.0.0.1' });
      try {
        await waitForReady(port, api);
        const env = { ...process.env, RETORT_API_URL: `http://127.0.0.1:${port}`, RETORT_TOKEN: tokens.tom };
        const first = await run(process.execPath, ['scripts/publish-example-tools.mjs'], { env });
        expect(first.stdout).toContain('monte-carlo-pi 1.0.0: published');
        const second = await run(process.execPath, ['scripts/publish-example-tools.mjs'], { env });
        expect(second.stdout.trim().split('\n')).toEqual([
          'cantilever-beam 1.0.0: already published',
          'linear-regression 1.0.0: already published',
          'monte-carlo-pi 1.0.0: already published',
        ]);
        await as('alice').get('/tools/linear-regression/versions/1.0.0').expect(200);
      } finally {
        expect(await stop(api)).toBe('stopped');
      }
    });
  });
});
