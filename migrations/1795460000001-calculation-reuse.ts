import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Result reuse (issue #17): a tool version may declare itself deterministic; every calculation keeps
 * the key of its work (image, code, canonical parameters, input names and contents), and one that
 * completed at once from an earlier result says which. The worker records the id of the image it ran
 * (provenance: a tag can move, an image id cannot).
 */
export class CalculationReuse1795460000001 implements MigrationInterface {
  name = 'CalculationReuse1795460000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tool_versions ADD COLUMN deterministic boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      ALTER TABLE calculations
        ADD COLUMN reuse_key char(64),
        ADD COLUMN image_digest varchar(100),
        ADD COLUMN reused_from uuid REFERENCES calculations (id) ON DELETE SET NULL`);
    await queryRunner.query(
      `CREATE INDEX ix_calculations_reuse ON calculations (reuse_key, user_id, completed_at DESC) WHERE status = 'completed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_calculations_reuse`);
    await queryRunner.query(
      `ALTER TABLE calculations DROP COLUMN reused_from, DROP COLUMN image_digest, DROP COLUMN reuse_key`,
    );
    await queryRunner.query(`ALTER TABLE tool_versions DROP COLUMN deterministic`);
  }
}
