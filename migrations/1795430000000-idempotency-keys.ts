import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key support for the POSTs that create things (issue #11): one row per user and key,
 * holding the request's fingerprint while it runs, then the answer to replay for 24 hours.
 */
export class IdempotencyKeys1795430000000 implements MigrationInterface {
  name = 'IdempotencyKeys1795430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        fingerprint char(64) NOT NULL,
        method varchar(10) NOT NULL,
        path varchar(2048) NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('in-progress', 'complete')),
        lock_token uuid,
        locked_until timestamptz,
        response_status smallint,
        response_headers jsonb,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key),
        CHECK ((status = 'complete') = (response_status IS NOT NULL)),
        CHECK ((status = 'in-progress') = (lock_token IS NOT NULL AND locked_until IS NOT NULL))
      )`);
    // The purge job deletes by expiry; lookups go through the primary key.
    await queryRunner.query(`CREATE INDEX ix_idempotency_keys_expires_at ON idempotency_keys (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
