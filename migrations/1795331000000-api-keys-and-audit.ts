import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys for programmatic clients (only a hash of the secret is stored) and the audit log. */
export class ApiKeysAndAudit1795331000000 implements MigrationInterface {
  name = 'ApiKeysAndAudit1795331000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        name varchar(100) NOT NULL,
        prefix varchar(32) NOT NULL,
        secret_hash char(64) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_api_keys_prefix ON api_keys (prefix)`);
    await queryRunner.query(`CREATE INDEX ix_api_keys_user_created ON api_keys (user_id, created_at DESC, id DESC)`);

    await queryRunner.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        actor_user_id uuid REFERENCES users (id) ON DELETE RESTRICT,
        action varchar(64) NOT NULL,
        target_type varchar(64),
        target_id varchar(255),
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip inet,
        user_agent varchar(500),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_events_created ON audit_events (created_at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX ix_audit_events_actor_created ON audit_events (actor_user_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_audit_events_action_created ON audit_events (action, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX ix_audit_events_target ON audit_events (target_type, target_id)`);
    // The admin user list pages newest first.
    await queryRunner.query(`CREATE INDEX ix_users_created ON users (created_at DESC, id DESC)`);
    // Realm roles as last seen (token or Admin API sync): API keys act with their owner's current roles.
    await queryRunner.query(`ALTER TABLE users ADD COLUMN roles varchar(32)[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN roles`);
    await queryRunner.query(`DROP INDEX ix_users_created`);
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP TABLE api_keys`);
  }
}
