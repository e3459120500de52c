import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parameter sweeps (issue #17): a batch groups the calculations generated from one sweep; each
 * calculation may belong to one batch, at the index of its parameter set (a rerun of a failed one
 * takes the same index; the newest calculation at an index is the current one). The batch keeps its request (tool, version, inputs, limits, fixed
 * parameters, sweep) so that its failed calculations can be run again alike.
 */
export class Batches1795460000000 implements MigrationInterface {
  name = 'Batches1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        name varchar(200) NOT NULL,
        description varchar(2000),
        tool_version_id uuid REFERENCES tool_versions (id) ON DELETE RESTRICT,
        request jsonb NOT NULL,
        parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
        sweep jsonb NOT NULL,
        size integer NOT NULL CHECK (size > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_batches_user_created ON batches (user_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_batches_created ON batches (created_at DESC, id DESC)`);
    await queryRunner.query(`
      ALTER TABLE calculations
        ADD COLUMN batch_id uuid REFERENCES batches (id) ON DELETE RESTRICT,
        ADD COLUMN batch_index integer CHECK (batch_index >= 0),
        ADD CONSTRAINT ck_calculations_batch_index CHECK ((batch_id IS NULL) = (batch_index IS NULL))`);
    await queryRunner.query(
      `CREATE INDEX ix_calculations_batch ON calculations (batch_id, batch_index, created_at DESC) WHERE batch_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_calculations_batch`);
    await queryRunner.query(
      `ALTER TABLE calculations DROP CONSTRAINT ck_calculations_batch_index, DROP COLUMN batch_index, DROP COLUMN batch_id`,
    );
    await queryRunner.query(`DROP TABLE batches`);
  }
}
