import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintColumn } from '../database/column-transformers';

/** A direct-to-storage (presigned) upload that has been started but not completed yet. */
@Entity({ name: 'file_uploads' })
export class FileUpload {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  s3Bucket!: string;

  @Column({ type: 'varchar', length: 500 })
  s3Key!: string;

  /** Set for multipart uploads. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  s3UploadId!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintColumn })
  partSizeBytes!: number | null;

  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  @Column({ type: 'varchar', length: 255 })
  contentType!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  sizeBytes!: number;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', default: false })
  isPublic!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completingSince!: Date | null;
}
