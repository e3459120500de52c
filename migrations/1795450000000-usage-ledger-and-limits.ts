import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage accounting and per-user limits (issue #16): an immutable ledger with one entry per
 * calculation that ran code, daily sums per user kept in the same transaction, per-user overrides of
 * the configured limits, and the budget alerts sent (once per user, budget, period and threshold).
 */
export class UsageLedgerAndLimits1795450000000 implements MigrationInterface {
  name = 'UsageLedgerAndLimits1795450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to calculations: the ledger is the record of what was spent and outlives them.
    await queryRunner.query(`
      CREATE TABLE usage_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        calculation_id uuid NOT NULL,
        tool_version_id uuid,
        status varchar(16) NOT NULL,
        day date NOT NULL,
        cpu_s double precision NOT NULL CHECK (cpu_s >= 0),
        wall_s double precision NOT NULL CHECK (wall_s >= 0),
        reserved_core_s double precision NOT NULL CHECK (reserved_core_s >= 0),
        reserved_gb_s double precision NOT NULL CHECK (reserved_gb_s >= 0),
        peak_memory_bytes bigint,
        output_bytes bigint NOT NULL CHECK (output_bytes >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_usage_entries_calculation UNIQUE (calculation_id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_usage_entries_user_day ON usage_entries (user_id, day)`);
    // Immutable: an entry, once written, is neither changed nor removed.
    await queryRunner.query(`
      CREATE FUNCTION usage_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'usage entries are immutable';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_usage_entries_immutable BEFORE UPDATE OR DELETE ON usage_entries
      FOR EACH ROW EXECUTE FUNCTION usage_entries_immutable()`);
    await queryRunner.query(`
      CREATE TABLE usage_daily (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        day date NOT NULL,
        calculations integer NOT NULL DEFAULT 0,
        cpu_s double precision NOT NULL DEFAULT 0,
        wall_s double precision NOT NULL DEFAULT 0,
        reserved_core_s double precision NOT NULL DEFAULT 0,
        reserved_gb_s double precision NOT NULL DEFAULT 0,
        output_bytes bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, day)
      )`);
    // The admin report sums every user's days in a range.
    await queryRunner.query(`CREATE INDEX ix_usage_daily_day ON usage_daily (day, user_id)`);
    await queryRunner.query(`
      CREATE TABLE user_limits (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        usage_enabled boolean NOT NULL DEFAULT true,
        daily_core_seconds double precision CHECK (daily_core_seconds >= 0),
        monthly_core_seconds double precision CHECK (monthly_core_seconds >= 0),
        max_running integer CHECK (max_running >= 1),
        max_queued integer CHECK (max_queued >= 0),
        storage_quota_bytes bigint CHECK (storage_quota_bytes >= 0),
        max_memory_mb integer CHECK (max_memory_mb >= 16),
        max_cpus double precision CHECK (max_cpus > 0),
        max_timeout_s integer CHECK (max_timeout_s >= 1),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE usage_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        budget varchar(16) NOT NULL CHECK (budget IN ('daily', 'monthly')),
        period_start date NOT NULL,
        threshold smallint NOT NULL CHECK (threshold > 0 AND threshold <= 100),
        spent_core_seconds double precision NOT NULL,
        budget_core_seconds double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_usage_alerts_period UNIQUE (user_id, budget, period_start, threshold)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE usage_alerts`);
    await queryRunner.query(`DROP TABLE user_limits`);
    await queryRunner.query(`DROP TABLE usage_daily`);
    await queryRunner.query(`DROP TABLE usage_entries`);
    await queryRunner.query(`DROP FUNCTION usage_entries_immutable()`);
  }
}
