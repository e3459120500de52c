import autocannon from 'autocannon';
import { db, Platform } from './platform';

export interface ReadsResult {
  /** The list read (path and query). */
  path: string;
  /** API_PROCESSES during the run. */
  processes: number;
  rows: number;
  connections: number;
  durationS: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/**
 * GET /api/v1/calculations?limit=50 with `rows` calculations stored, 50 connections for `durationS`,
 * against one API process and then against `processes` of them (API_PROCESSES); then the files and
 * tools lists (`rows` files, 200 tools) with one process.
 */
export async function reads(
  platform: Platform,
  rows: number,
  durationS: number,
  processes = 2,
): Promise<ReadsResult[]> {
  const me = await platform.call<{ id: string }>('alice', 'GET', '/users/me');
  const client = db(platform.database);
  await client.connect();
  await client.query(
    `INSERT INTO calculations (user_id, name, code, image, status, memory_mb, cpus, timeout_s, result, created_at,
                               completed_at, execution_time_s)
     SELECT $1, 'seeded ' || i, 'def run(p):\n    return ' || i, 'retort/sandbox-python-scientific:1.0.0', 'completed',
            256, 1, 60, jsonb_build_object('value', i), now() - (i || ' seconds')::interval, now(), 0.5
     FROM generate_series(1, $2) AS i`,
    [me.id, rows],
  );
  const {
    rows: [object],
  } = await client.query<{ id: string }>(
    `INSERT INTO storage_objects (user_id, sha256, size_bytes, s3_bucket, s3_key)
     VALUES ($1, repeat('0', 64), 1, 'bench', 'bench/seeded') RETURNING id`,
    [me.id],
  );
  await client.query(
    `INSERT INTO user_files (user_id, filename, original_filename, size_bytes, content_type, sha256,
                             storage_object_id, uploaded_at)
     SELECT $1, 'seeded-' || i || '.csv', 'seeded-' || i || '.csv', 1, 'text/csv', repeat('0', 64), $2,
            now() - (i || ' seconds')::interval
     FROM generate_series(1, $3) AS i`,
    [me.id, object.id, rows],
  );
  await client.query(
    `INSERT INTO tools (name, display_name, description, tags, author_id, created_at)
     SELECT 'seeded-' || i, 'Seeded ' || i, 'A seeded tool', '{bench,seeded}', $1, now() - (i || ' seconds')::interval
     FROM generate_series(1, 200) AS i`,
    [me.id],
  );
  await client.query('ANALYZE');
  await client.end();
  const token = await platform.token('alice');
  const measure = async (path: string, count: number): Promise<ReadsResult> => {
    const url = `${platform.baseUrl}/api/v1${path}`;
    // Warm-up: connections, the JWKS, query plans, in every process.
    await autocannon({ url, connections: 10, duration: 2, headers: { Authorization: `Bearer ${token}` } });
    const result = await autocannon({
      url,
      connections: 50,
      duration: durationS,
      headers: { Authorization: `Bearer ${token}` },
    });
    return {
      path,
      processes: count,
      rows,
      connections: 50,
      durationS,
      requestsPerS: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  };
  await platform.startApi(1);
  const results = [await measure('/calculations?limit=50', 1)];
  results.push(await measure('/files?limit=50', 1), await measure('/tools?limit=50', 1));
  await platform.startApi(processes);
  results.push(await measure('/calculations?limit=50', processes));
  await platform.startApi(1);
  return results;
}
