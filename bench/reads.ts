import autocannon from 'autocannon';
import { db, Platform } from './platform';

export interface ReadsResult {
  rows: number;
  connections: number;
  durationS: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** GET /api/v1/calculations?limit=50 with `rows` calculations stored, 50 connections for 20 s. */
export async function reads(platform: Platform, rows: number, durationS: number): Promise<ReadsResult> {
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
  await client.query('ANALYZE calculations');
  await client.end();
  const token = await platform.token('alice');
  const result = await autocannon({
    url: `${platform.baseUrl}/api/v1/calculations?limit=50`,
    connections: 50,
    duration: durationS,
    headers: { Authorization: `Bearer ${token}` },
  });
  return {
    rows,
    connections: 50,
    durationS,
    requestsPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
