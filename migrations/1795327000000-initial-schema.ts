import { MigrationInterface, QueryRunner } from 'typeorm';

/** The core model of the original design: users, their files, tools and versions, calculations. */
export class InitialSchema1795327000000 implements MigrationInterface {
  name = 'InitialSchema1795327000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        keycloak_id varchar(255) NOT NULL,
        username varchar(100) NOT NULL,
        email varchar(255),
        first_name varchar(100),
        last_name varchar(100),
        display_name varchar(200),
        is_active boolean NOT NULL DEFAULT true,
        last_login timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_users_keycloak_id ON users (keycloak_id)`);
    await queryRunner.query(`CREATE INDEX ix_users_username ON users (username)`);
    await queryRunner.query(`CREATE INDEX ix_users_email ON users (email)`);

    await queryRunner.query(`
      CREATE TABLE user_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        filename varchar(255) NOT NULL,
        original_filename varchar(255) NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        content_type varchar(255) NOT NULL,
        s3_bucket varchar(100) NOT NULL,
        s3_key varchar(500) NOT NULL,
        sha256 char(64) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        is_public boolean NOT NULL DEFAULT false,
        description varchar(1000),
        uploaded_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_user_files_s3_key ON user_files (s3_key)`);
    await queryRunner.query(`CREATE INDEX ix_user_files_user_uploaded ON user_files (user_id, uploaded_at DESC)`);
    // Serves look-ups by sha256 alone as well as deduplication by (sha256, size).
    await queryRunner.query(`CREATE INDEX ix_user_files_sha256_size ON user_files (sha256, size_bytes)`);

    await queryRunner.query(`
      CREATE TABLE tools (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL CHECK (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        display_name varchar(200) NOT NULL,
        description varchar(2000) NOT NULL DEFAULT '',
        author_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_tools_name ON tools (name)`);
    await queryRunner.query(`CREATE INDEX ix_tools_author_id ON tools (author_id)`);
    await queryRunner.query(`CREATE INDEX ix_tools_is_active ON tools (is_active)`);

    await queryRunner.query(`
      CREATE TABLE tool_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tool_id uuid NOT NULL REFERENCES tools (id) ON DELETE RESTRICT,
        version varchar(64) NOT NULL,
        image varchar(255) NOT NULL,
        code text NOT NULL,
        parameters_schema jsonb NOT NULL DEFAULT '{}'::jsonb,
        memory_mb integer NOT NULL CHECK (memory_mb > 0),
        cpus numeric(6, 2) NOT NULL CHECK (cpus > 0),
        timeout_s integer NOT NULL CHECK (timeout_s > 0),
        deprecated boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_tool_versions_tool_version ON tool_versions (tool_id, version)`);
    // A published version is immutable: only its deprecation flag may change afterwards.
    await queryRunner.query(`
      CREATE FUNCTION tool_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'deprecated') IS DISTINCT FROM (to_jsonb(OLD) - 'deprecated') THEN
          RAISE EXCEPTION 'tool version % is published and immutable; only "deprecated" may change', OLD.id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tool_versions_immutable BEFORE UPDATE ON tool_versions
      FOR EACH ROW EXECUTE FUNCTION tool_versions_immutable()`);

    await queryRunner.query(`
      CREATE TABLE calculations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        name varchar(200) NOT NULL,
        description varchar(2000),
        tool_version_id uuid REFERENCES tool_versions (id) ON DELETE RESTRICT,
        code text NOT NULL,
        image varchar(255) NOT NULL,
        parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN
          ('pending', 'queued', 'running', 'completed', 'failed', 'cancelled', 'timed_out')),
        memory_mb integer NOT NULL CHECK (memory_mb > 0),
        cpus numeric(6, 2) NOT NULL CHECK (cpus > 0),
        timeout_s integer NOT NULL CHECK (timeout_s > 0),
        queued_at timestamptz,
        started_at timestamptz,
        completed_at timestamptz,
        result jsonb,
        error_message text,
        exit_code integer,
        execution_time_s double precision CHECK (execution_time_s >= 0),
        cpu_time_s double precision CHECK (cpu_time_s >= 0),
        peak_memory_bytes bigint CHECK (peak_memory_bytes >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_calculations_user_status_created ON calculations (user_id, status, created_at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX ix_calculations_status ON calculations (status)`);
    await queryRunner.query(`CREATE INDEX ix_calculations_created_at ON calculations (created_at DESC)`);
    await queryRunner.query(`CREATE INDEX ix_calculations_tool_version_id ON calculations (tool_version_id)`);

    await queryRunner.query(`
      CREATE TABLE calculation_files (
        calculation_id uuid NOT NULL REFERENCES calculations (id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES user_files (id) ON DELETE RESTRICT,
        role varchar(16) NOT NULL CHECK (role IN ('input', 'output')),
        added_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (calculation_id, file_id, role)
      )`);
    await queryRunner.query(`CREATE INDEX ix_calculation_files_file_id ON calculation_files (file_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calculation_files`);
    await queryRunner.query(`DROP TABLE calculations`);
    await queryRunner.query(`DROP TRIGGER tool_versions_immutable ON tool_versions`);
    await queryRunner.query(`DROP FUNCTION tool_versions_immutable()`);
    await queryRunner.query(`DROP TABLE tool_versions`);
    await queryRunner.query(`DROP TABLE tools`);
    await queryRunner.query(`DROP TABLE user_files`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
