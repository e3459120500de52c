import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deduplicated, reference-counted storage for user files (issue #4).
 *
 * The bytes move from user_files (one S3 key per row) to storage_objects (one S3 key per distinct
 * content of a user, unique on (user_id, sha256, size_bytes)); a user file references its object, and
 * an object lives as long as one user file does. Deleting a user file keeps its metadata row, marked
 * deleted, so calculations that used it still say what they read. Direct (presigned) uploads in
 * progress live in file_uploads until completed or expired.
 */
export class FileStorageObjects1795400000000 implements MigrationInterface {
  name = 'FileStorageObjects1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE storage_objects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        s3_bucket varchar(100) NOT NULL,
        s3_key varchar(500) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ux_storage_objects_content ON storage_objects (user_id, sha256, size_bytes)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX ux_storage_objects_s3_key ON storage_objects (s3_bucket, s3_key)`);

    await queryRunner.query(
      `ALTER TABLE user_files ADD COLUMN storage_object_id uuid REFERENCES storage_objects (id) ON DELETE RESTRICT`,
    );
    await queryRunner.query(`ALTER TABLE user_files ADD COLUMN deleted_at timestamptz`);
    // Existing rows each become their own object (their sha256 may be unknown: the old column was nullable).
    await queryRunner.query(`
      INSERT INTO storage_objects (id, user_id, sha256, size_bytes, s3_bucket, s3_key, created_at)
      SELECT f.id, f.user_id, COALESCE(f.sha256, encode(sha256(convert_to(f.s3_key, 'UTF8')), 'hex')),
             f.size_bytes, f.s3_bucket, f.s3_key, f.uploaded_at
      FROM user_files f
      ON CONFLICT DO NOTHING`);
    await queryRunner.query(`
      UPDATE user_files f SET storage_object_id = o.id
      FROM storage_objects o WHERE o.s3_bucket = f.s3_bucket AND o.s3_key = f.s3_key`);
    await queryRunner.query(`UPDATE user_files SET sha256 = repeat('0', 64) WHERE sha256 IS NULL`);
    await queryRunner.query(`DROP INDEX ux_user_files_s3_key`);
    await queryRunner.query(`ALTER TABLE user_files DROP COLUMN s3_bucket, DROP COLUMN s3_key`);
    await queryRunner.query(`ALTER TABLE user_files ALTER COLUMN sha256 SET NOT NULL`);
    // A live file has bytes; a deleted one has released them.
    await queryRunner.query(`
      ALTER TABLE user_files ADD CONSTRAINT ck_user_files_object_or_deleted
      CHECK ((deleted_at IS NULL) = (storage_object_id IS NOT NULL))`);
    await queryRunner.query(`CREATE INDEX ix_user_files_storage_object ON user_files (storage_object_id)`);
    // Listing (newest first, keyset on (uploaded_at, id)) only ever shows live files.
    await queryRunner.query(`DROP INDEX ix_user_files_user_uploaded`);
    await queryRunner.query(`
      CREATE INDEX ix_user_files_user_uploaded ON user_files (user_id, uploaded_at DESC, id DESC)
      WHERE deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE INDEX ix_user_files_public_uploaded ON user_files (uploaded_at DESC, id DESC)
      WHERE is_public AND deleted_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE file_uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        s3_bucket varchar(100) NOT NULL,
        s3_key varchar(500) NOT NULL,
        s3_upload_id varchar(1024),
        part_size_bytes bigint,
        filename varchar(255) NOT NULL,
        content_type varchar(255) NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 char(64) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        description varchar(1000),
        is_public boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        -- Set while one request verifies and completes it, so that two cannot race.
        completing_since timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ix_file_uploads_user ON file_uploads (user_id)`);
    await queryRunner.query(`CREATE INDEX ix_file_uploads_expires_at ON file_uploads (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE file_uploads`);
    await queryRunner.query(`DROP INDEX ix_user_files_public_uploaded`);
    await queryRunner.query(`DROP INDEX ix_user_files_user_uploaded`);
    await queryRunner.query(`CREATE INDEX ix_user_files_user_uploaded ON user_files (user_id, uploaded_at DESC)`);
    await queryRunner.query(`DROP INDEX ix_user_files_storage_object`);
    await queryRunner.query(`ALTER TABLE user_files DROP CONSTRAINT ck_user_files_object_or_deleted`);
    await queryRunner.query(`ALTER TABLE user_files ALTER COLUMN sha256 DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE user_files ADD COLUMN s3_bucket varchar(100), ADD COLUMN s3_key varchar(500)`);
    // Deleted files have no bytes left; they cannot exist in the old model.
    await queryRunner.query(`DELETE FROM user_files WHERE deleted_at IS NOT NULL`);
    await queryRunner.query(`
      UPDATE user_files f SET s3_bucket = o.s3_bucket, s3_key = o.s3_key
      FROM storage_objects o WHERE o.id = f.storage_object_id`);
    // Deduplicated files shared one key; the old model wanted one key per row. Keep the first, the
    // others point at the same key (a down-migration cannot copy S3 objects).
    await queryRunner.query(
      `ALTER TABLE user_files ALTER COLUMN s3_bucket SET NOT NULL, ALTER COLUMN s3_key SET NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX ux_user_files_s3_key ON user_files (s3_key)`);
    await queryRunner.query(`ALTER TABLE user_files DROP COLUMN storage_object_id, DROP COLUMN deleted_at`);
    await queryRunner.query(`DROP TABLE storage_objects`);
  }
}
