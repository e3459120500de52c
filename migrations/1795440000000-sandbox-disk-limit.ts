import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Worker hardening (issue #12): a disk limit per tool version and per calculation, and which limit
 * ended a calculation. Rows that predate the limit get the platform's default (1024 MB).
 */
export class SandboxDiskLimit1795440000000 implements MigrationInterface {
  name = 'SandboxDiskLimit1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tool_versions
        ADD COLUMN disk_mb integer NOT NULL DEFAULT 1024 CHECK (disk_mb > 0)`);
    await queryRunner.query(`
      ALTER TABLE calculations
        ADD COLUMN disk_mb integer NOT NULL DEFAULT 1024 CHECK (disk_mb > 0),
        ADD COLUMN limit_exceeded varchar(16) CHECK (limit_exceeded IN
          ('memory', 'disk', 'pids', 'wall-clock', 'result-size', 'output-size', 'output-files'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE calculations DROP COLUMN limit_exceeded, DROP COLUMN disk_mb`);
    await queryRunner.query(`ALTER TABLE tool_versions DROP COLUMN disk_mb`);
  }
}
