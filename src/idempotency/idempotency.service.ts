import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** How long a key and its answer are kept (the IETF draft and Stripe both use 24 hours). */
export const IDEMPOTENCY_KEY_TTL_S = 24 * 60 * 60;
/** A request in progress holds its key this long and renews the lease while it works. */
export const IDEMPOTENCY_LEASE_S = 60;
const PURGE_BATCH = 5000;

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** The outcome of presenting a key. */
export type Claim =
  | { kind: 'acquired'; lockToken: string }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

interface KeyRow {
  status: 'in-progress' | 'complete';
  fingerprint: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

/**
 * The store behind `Idempotency-Key`. Insert-first: the (user, key) primary key lets exactly one of
 * any number of concurrent requests claim a key; the others find its row and are told to wait (409),
 * refused (422, another request) or answered from it (replay).
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(
    userId: string,
    key: string,
    fingerprint: string,
    request: { method: string; path: string },
  ): Promise<Claim> {
    // A row can disappear between the insert and the read (its request failed and freed it): try again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const lockToken = randomUUID();
      // An expired key, or one whose holder stopped renewing its lease (a crashed process), is free.
      const claimed = await this.dataSource.query<{ lock_token: string }[]>(
        `INSERT INTO idempotency_keys AS k
           (user_id, key, fingerprint, method, path, status, lock_token, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'in-progress', $6,
           now() + make_interval(secs => $7), now() + make_interval(secs => $8))
         ON CONFLICT (user_id, key) DO UPDATE SET
           fingerprint = EXCLUDED.fingerprint, method = EXCLUDED.method, path = EXCLUDED.path,
           status = 'in-progress', lock_token = EXCLUDED.lock_token, locked_until = EXCLUDED.locked_until,
           expires_at = EXCLUDED.expires_at, created_at = now(),
           response_status = NULL, response_headers = NULL, response_body = NULL
         WHERE k.expires_at <= now() OR (k.status = 'in-progress' AND k.locked_until <= now())
         RETURNING lock_token`,
        [
          userId,
          key,
          fingerprint,
          request.method,
          request.path.slice(0, 2048),
          lockToken,
          IDEMPOTENCY_LEASE_S,
          IDEMPOTENCY_KEY_TTL_S,
        ],
      );
      if (claimed.length === 1) return { kind: 'acquired', lockToken };

      const [row] = await this.dataSource.query<KeyRow[]>(
        `SELECT status, fingerprint, response_status, response_headers, response_body
         FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      if (!row) continue;
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.status === 'in-progress') return { kind: 'in-progress' };
      return {
        kind: 'replay',
        answer: { status: row.response_status ?? 200, headers: row.response_headers ?? {}, body: row.response_body },
      };
    }
    // Three requests in a row claimed and failed in between: as good as in progress.
    return { kind: 'in-progress' };
  }

  /** Keeps a claim alive while its request works; false once the claim is no longer this request's. */
  async renew(userId: string, key: string, lockToken: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $4)
       WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in-progress'`,
      [userId, key, lockToken, IDEMPOTENCY_LEASE_S],
    );
    return affected === 1;
  }

  /** Stores the answer to replay; from now on the key is answered from it. */
  async complete(userId: string, key: string, lockToken: string, answer: StoredAnswer): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status = 'complete', lock_token = NULL, locked_until = NULL,
         response_status = $4, response_headers = $5, response_body = $6
       WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in-progress'`,
      [userId, key, lockToken, answer.status, JSON.stringify(answer.headers), answer.body],
    );
  }

  /** Frees a key whose request failed, so that the client can retry with it. */
  async release(userId: string, key: string, lockToken: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in-progress'`,
      [userId, key, lockToken],
    );
  }

  /** Deletes expired keys in batches (the index on expires_at finds them); returns how many. */
  async purgeExpired(): Promise<number> {
    let purged = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM idempotency_keys WHERE ctid IN (
           SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT ${PURGE_BATCH})`,
      );
      purged += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    if (purged > 0) this.logger.log({ purged }, 'purged expired idempotency keys');
    return purged;
  }
}
