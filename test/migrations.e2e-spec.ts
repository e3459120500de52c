import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { testConfig } from './helpers/app';
import { createScratchDatabase, dropDatabase } from './helpers/database';

const CORE_TABLES = ['calculation_files', 'calculations', 'tool_versions', 'tools', 'user_files', 'users'];

describe('migrations (real PostgreSQL, scratch database)', () => {
  const config = testConfig();
  let database: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createScratchDatabase(config, 'retort_migrations');
    dataSource = new DataSource(buildDataSourceOptions(config, { database }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(config, database);
  });

  const tables = async (): Promise<string[]> => {
    const rows: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    return rows.map((row) => row.table_name).filter((name) => name !== 'typeorm_migrations');
  };

  const revertAll = async (): Promise<void> => {
    while ((await dataSource.query(`SELECT count(*)::int AS n FROM typeorm_migrations`))[0].n > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
  };

  it('goes up, down to an empty schema, and up again', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(expect.arrayContaining(CORE_TABLES));

    await revertAll();
    expect(await tables()).toEqual([]);
    const leftovers: Array<{ n: number; names: string | null }> = await dataSource.query(
      `SELECT count(*)::int AS n, string_agg(p.proname, ',') AS names FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
    );
    expect(leftovers[0]).toEqual({ n: 0, names: null });

    const reapplied = await dataSource.runMigrations({ transaction: 'each' });
    expect(reapplied.map((migration) => migration.name)).toEqual(applied.map((migration) => migration.name));
    expect(await tables()).toEqual(expect.arrayContaining(CORE_TABLES));
  });

  it('creates the indexes the list endpoints rely on', async () => {
    const rows: Array<{ indexdef: string }> = await dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const definitions = rows.map((row) => row.indexdef).join('\n');
    expect(definitions).toContain('ON public.user_files USING btree (user_id, uploaded_at DESC, id DESC)');
    expect(definitions).toContain('ON public.user_files USING btree (sha256, size_bytes)');
    expect(definitions).toContain('ON public.calculations USING btree (user_id, status, created_at DESC)');
    expect(definitions).toContain('ON public.calculations USING btree (status)');
    expect(definitions).toContain('ON public.batches USING btree (user_id, created_at DESC, id DESC)');
    expect(definitions).toContain(
      'ON public.calculations USING btree (batch_id, batch_index, created_at DESC) WHERE (batch_id IS NOT NULL)',
    );
    expect(definitions).toMatch(/UNIQUE INDEX \S+ ON public\.users USING btree \(keycloak_id\)/);
    expect(definitions).toMatch(/UNIQUE INDEX \S+ ON public\.tool_versions USING btree \(tool_id, version\)/);
  });

  describe('constraints', () => {
    let userId: string;
    let versionId: string;

    beforeAll(async () => {
      [{ id: userId }] = await dataSource.query(
        `INSERT INTO users (keycloak_id, username) VALUES ('kc-1', 'author') RETURNING id`,
      );
      const [{ id: toolId }] = await dataSource.query(
        `INSERT INTO tools (name, display_name, author_id) VALUES ('beam', 'Beam', $1) RETURNING id`,
        [userId],
      );
      [{ id: versionId }] = await dataSource.query(
        `INSERT INTO tool_versions (tool_id, version, image, code, memory_mb, cpus, timeout_s)
         VALUES ($1, '1.0.0', 'img', 'def run(p): return 1', 256, 0.5, 30) RETURNING id`,
        [toolId],
      );
    });

    it('uses UUID primary keys', () => {
      expect(userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('refuses to change a published tool version', async () => {
      await expect(
        dataSource.query(`UPDATE tool_versions SET code = 'evil' WHERE id = $1`, [versionId]),
      ).rejects.toThrow(/immutable/);
    });

    it('still lets a tool version be deprecated', async () => {
      await dataSource.query(`UPDATE tool_versions SET deprecated = true WHERE id = $1`, [versionId]);
      const [{ deprecated }] = await dataSource.query(`SELECT deprecated FROM tool_versions WHERE id = $1`, [
        versionId,
      ]);
      expect(deprecated).toBe(true);
    });

    it('refuses an unknown calculation status', async () => {
      await expect(
        dataSource.query(
          `INSERT INTO calculations (user_id, name, code, image, status, memory_mb, cpus, timeout_s)
           VALUES ($1, 'x', 'code', 'img', 'exploded', 256, 1, 30)`,
          [userId],
        ),
      ).rejects.toThrow(/check constraint/);
    });

    it('refuses a tool name that is not a slug', async () => {
      await expect(
        dataSource.query(`INSERT INTO tools (name, display_name, author_id) VALUES ('Not A Slug', 'x', $1)`, [userId]),
      ).rejects.toThrow(/check constraint/);
    });

    it('refuses to delete a tool version a calculation references', async () => {
      await dataSource.query(
        `INSERT INTO calculations (user_id, name, tool_version_id, code, image, memory_mb, cpus, timeout_s)
         VALUES ($1, 'run', $2, 'code', 'img', 256, 1, 30)`,
        [userId, versionId],
      );
      await expect(dataSource.query(`DELETE FROM tool_versions WHERE id = $1`, [versionId])).rejects.toThrow(
        /foreign key/,
      );
    });
  });
});
