import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a published tool version declares (issue #5): its inputs and outputs, an output budget,
 * whether it needs the network, a changelog and who published it; tags on tools; the indexes behind
 * the tool and version lists. New columns are added before any version exists to be immutable.
 */
export class ToolPublishing1795410000000 implements MigrationInterface {
  name = 'ToolPublishing1795410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tools ADD COLUMN tags varchar(50)[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX ix_tools_created ON tools (created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX ix_tools_tags ON tools USING gin (tags)`);
    await queryRunner.query(`
      ALTER TABLE tool_versions
        ADD COLUMN inputs jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN outputs jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN max_output_bytes bigint NOT NULL DEFAULT 104857600 CHECK (max_output_bytes > 0),
        ADD COLUMN network boolean NOT NULL DEFAULT false,
        ADD COLUMN changelog varchar(5000),
        ADD COLUMN published_by uuid REFERENCES users (id) ON DELETE RESTRICT`);
    await queryRunner.query(
      `CREATE INDEX ix_tool_versions_tool_created ON tool_versions (tool_id, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_tool_versions_tool_created`);
    // The immutability trigger refuses no DDL: dropping columns is fine.
    await queryRunner.query(`
      ALTER TABLE tool_versions DROP COLUMN inputs, DROP COLUMN outputs, DROP COLUMN max_output_bytes,
        DROP COLUMN network, DROP COLUMN changelog, DROP COLUMN published_by`);
    await queryRunner.query(`DROP INDEX ix_tools_tags`);
    await queryRunner.query(`DROP INDEX ix_tools_created`);
    await queryRunner.query(`ALTER TABLE tools DROP COLUMN tags`);
  }
}
