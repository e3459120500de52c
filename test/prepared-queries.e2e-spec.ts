import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { paginate } from '../src/common/pagination';
import { paginateLean, PreparedQueries, SqlConditions } from '../src/database/prepared-queries';
import { FileDto } from '../src/files/dto/file.dto';
import { UserFile } from '../src/files/user-file.entity';
import { ToolDto } from '../src/tools/dto/tool.dto';
import { Tool } from '../src/tools/tool.entity';
import { User } from '../src/users/user.entity';
import { createApiApp } from './helpers/app';

// The hot lists and the per-request user lookup read through PreparedQueries instead of the ORM: what
// they return must stay exactly what the ORM would have made of the same rows.
describe('prepared queries (real PostgreSQL)', () => {
  let app: INestApplication;
  let db: DataSource;
  let queries: PreparedQueries;
  let userId: string;
  const suffix = randomUUID().slice(0, 8);
  const ownedBy = (alias: string, id: string, column = 'user_id') => {
    const where = new SqlConditions();
    return where.and(`${alias}.${column} = ${where.param(id)}`);
  };

  beforeAll(async () => {
    app = await createApiApp();
    db = app.get(DataSource);
    queries = app.get(PreparedQueries);
    [{ id: userId }] = await db.query<{ id: string }[]>(
      `INSERT INTO users (keycloak_id, username, email, first_name, roles, last_login)
       VALUES ($1, $2, 'lean@example.org', 'Léa', '{user,tool-author}', now()) RETURNING id`,
      [`lean-${suffix}`, `lean-${suffix}`],
    );
    // 25 files, 10 of them created in the same millisecond (as a sweep's rows are): the cursor must
    // still walk through them one by one.
    const [{ id: objectId }] = await db.query<{ id: string }[]>(
      `INSERT INTO storage_objects (user_id, sha256, size_bytes, s3_bucket, s3_key)
       VALUES ($1, repeat('a', 64), 1, 'lean-test', $2) RETURNING id`,
      [userId, `lean/${suffix}`],
    );
    await db.query(
      `INSERT INTO user_files (user_id, filename, original_filename, size_bytes, content_type, sha256,
                               storage_object_id, uploaded_at)
       SELECT $1, 'f' || i || '.csv', 'f' || i || '.csv', 9007199254740000 + i, 'text/csv', repeat('a', 64), $2,
              CASE WHEN i <= 10 THEN timestamptz '2026-11-30 10:00:00.123' ELSE now() - (i || ' s')::interval END
       FROM generate_series(1, 25) AS i`,
      [userId, objectId],
    );
    await db.query(
      `INSERT INTO tools (name, display_name, description, tags, author_id)
       SELECT 'lean-' || $2 || '-' || i, 'Lean ' || i, 'd', '{a,b}', $1 FROM generate_series(1, 3) AS i`,
      [userId, suffix],
    );
  });

  afterAll(async () => {
    await db.query(`DELETE FROM tools WHERE author_id = $1`, [userId]);
    await db.query(`DELETE FROM user_files WHERE user_id = $1`, [userId]);
    await db.query(`DELETE FROM storage_objects WHERE user_id = $1`, [userId]);
    await db.query(`DELETE FROM users WHERE id = $1`, [userId]);
    await app.close();
  });

  it('hydrates a user exactly as the ORM does (same class, same values)', async () => {
    const [lean] = await queries.entities(
      User,
      `SELECT ${queries.selectList(User, 'u')} FROM users u WHERE u.id = $1`,
      [userId],
    );
    const orm = await db.getRepository(User).findOneByOrFail({ id: userId });
    expect(lean).toBeInstanceOf(User);
    expect(lean).toStrictEqual(orm);
    expect(lean.roles).toEqual(['user', 'tool-author']);
    expect(lean.lastLogin).toBeInstanceOf(Date);
  });

  it('applies column transformers (a bigint size becomes a number)', async () => {
    const [lean] = await queries.entities(
      UserFile,
      `SELECT ${queries.selectList(UserFile, 'f')} FROM user_files f WHERE f.user_id = $1 AND f.filename = 'f3.csv'`,
      [userId],
    );
    const orm = await db.getRepository(UserFile).findOneByOrFail({ userId, filename: 'f3.csv' });
    expect(lean).toStrictEqual(orm);
    expect(lean.sizeBytes).toBe(9007199254740003);
  });

  // What a client receives: the JSON of each item.
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  it('pages files exactly as the ORM and FileDto did, through rows that share a timestamp', async () => {
    const ormPages: unknown[][] = [];
    let cursor: string | undefined;
    do {
      const page = await paginate(
        db.getRepository(UserFile).createQueryBuilder('file').where('file.user_id = :userId', { userId }),
        { limit: 4, cursor },
        { column: 'file.uploaded_at', of: (file) => file.uploadedAt },
      );
      ormPages.push(page.items.map((file) => json(FileDto.from(file))));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const leanPages: unknown[][] = [];
    do {
      const page = await paginateLean<FileDto>(
        queries,
        {
          select: FileDto.COLUMNS,
          table: 'user_files',
          alias: 'file',
          conditions: ownedBy('file', userId),
          sortColumn: 'uploaded_at',
          sortProperty: 'uploadedAt',
        },
        { limit: 4, cursor },
      );
      leanPages.push(page.items.map((item) => json(item)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(leanPages).toEqual(ormPages);
    expect(leanPages.flat()).toHaveLength(25);
    expect(new Set(leanPages.flat().map((item) => (item as FileDto).id)).size).toBe(25);
    expect((leanPages[0][0] as FileDto).sizeBytes).toEqual(expect.any(Number));
  });

  it('lists tools as the ORM and ToolDto did, array columns included', async () => {
    const page = await paginateLean<ToolDto>(
      queries,
      { select: ToolDto.COLUMNS, table: 'tools', alias: 'tool', conditions: ownedBy('tool', userId, 'author_id') },
      { limit: 10 },
    );
    const orm = await db
      .getRepository(Tool)
      .find({ where: { authorId: userId }, order: { createdAt: 'DESC', id: 'DESC' } });
    expect(page.items.map((item) => json(item))).toEqual(orm.map((tool) => json(ToolDto.from(tool))));
    expect(page.items).toHaveLength(3);
    expect(page.items[0].tags).toEqual(['a', 'b']);
    expect(page.nextCursor).toBeNull();
  });

  it('names each distinct text apart, so that texts never collide on a pooled connection', async () => {
    // node-postgres refuses a name it already prepared with another text on that connection.
    const texts = [
      `SELECT count(*)::int AS n FROM users WHERE id = $1`,
      `SELECT count(*)::int AS n FROM user_files WHERE user_id = $1`,
    ];
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => queries.rows<{ n: number }>(texts[i % 2], [userId])),
    );
    expect(counts.map(([row]) => row.n)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 25)));
  });
});
