import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What running calculations in sandboxes needs (issue #6): the output budget and network flag applied,
 * progress, the worker and attempt that ran it, cancellation requests, reruns, capped logs in a table
 * of their own (so that lists never drag megabytes of stdout along), and input names.
 */
export class CalculationExecution1795420000000 implements MigrationInterface {
  name = 'CalculationExecution1795420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE calculations
        ADD COLUMN max_output_bytes bigint NOT NULL DEFAULT 104857600 CHECK (max_output_bytes > 0),
        ADD COLUMN network boolean NOT NULL DEFAULT false,
        ADD COLUMN progress double precision CHECK (progress BETWEEN 0 AND 1),
        ADD COLUMN progress_message varchar(200),
        ADD COLUMN worker_id varchar(100),
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN cancel_requested_at timestamptz,
        ADD COLUMN rerun_of uuid REFERENCES calculations (id) ON DELETE SET NULL,
        ADD COLUMN outputs_truncated boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `CREATE INDEX ix_calculations_user_created ON calculations (user_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`DROP INDEX ix_calculations_created_at`);
    await queryRunner.query(`CREATE INDEX ix_calculations_created_at ON calculations (created_at DESC, id DESC)`);
    // The reconciler looks for unfinished calculations only.
    await queryRunner.query(`
      CREATE INDEX ix_calculations_unfinished ON calculations (status, updated_at)
      WHERE status IN ('pending', 'queued', 'running')`);

    await queryRunner.query(`
      CREATE TABLE calculation_logs (
        calculation_id uuid PRIMARY KEY REFERENCES calculations (id) ON DELETE CASCADE,
        stdout text NOT NULL DEFAULT '',
        stderr text NOT NULL DEFAULT '',
        stdout_bytes bigint NOT NULL DEFAULT 0,
        stderr_bytes bigint NOT NULL DEFAULT 0,
        stdout_truncated boolean NOT NULL DEFAULT false,
        stderr_truncated boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`ALTER TABLE calculation_files ADD COLUMN name varchar(255)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE calculation_files DROP COLUMN name`);
    await queryRunner.query(`DROP TABLE calculation_logs`);
    await queryRunner.query(`DROP INDEX ix_calculations_unfinished`);
    await queryRunner.query(`DROP INDEX ix_calculations_created_at`);
    await queryRunner.query(`CREATE INDEX ix_calculations_created_at ON calculations (created_at DESC)`);
    await queryRunner.query(`DROP INDEX ix_calculations_user_created`);
    await queryRunner.query(`
      ALTER TABLE calculations DROP COLUMN max_output_bytes, DROP COLUMN network, DROP COLUMN progress,
        DROP COLUMN progress_message, DROP COLUMN worker_id, DROP COLUMN attempts,
        DROP COLUMN cancel_requested_at, DROP COLUMN rerun_of, DROP COLUMN outputs_truncated`);
  }
}
