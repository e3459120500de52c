import autocannon from 'autocannon';
import { db, Platform } from './platform';

export interface ReadsResult {
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
 * against one API process and then against `processes` of them (API_PROCESSES).
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
  await client.query('ANALYZE calculations');
  await client.end();
  const token = await platform.token('alice');
  const measure = async (count: number): Promise<ReadsResult> => {
    await platform.startApi(count);
    // Warm-up: connections, the JWKS, query plans, in every process.
    await autocannon({
      url: `${platform.baseUrl}/api/v1/calculations?limit=50`,
      connections: 10,
      duration: 2,
      headers: { Authorization: `Bearer ${token}` },
    });
    const result = await autocannon({
      url: `${platform.baseUrl}/api/v1/calculations?limit=50`,
      connections: 50,
      duration: durationS,
      headers: { Authorization: `Bearer ${token}` },
    });
    return {
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
  const results = [await measure(1), await measure(processes)];
  await platform.startApi(1);
  return results;
}
