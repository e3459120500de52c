import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exact reruns (issue #17): a calculation may be pinned to an image by its content-addressed id
 * (`sha256:…`), which the worker then runs instead of whatever its tag points to now.
 */
export class ExactRerun1795470000003 implements MigrationInterface {
  name = 'ExactRerun1795470000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE calculations ADD COLUMN pinned_image varchar(100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE calculations DROP COLUMN pinned_image`);
  }
}
