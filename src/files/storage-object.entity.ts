import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintColumn } from '../database/column-transformers';

/**
 * One distinct content of one user in object storage. User files reference it; the same bytes
 * uploaded twice by a user are stored once, and the object goes with its last reference.
 */
@Entity({ name: 'storage_objects' })
export class StorageObject {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 100 })
  s3Bucket!: string;

  @Column({ type: 'varchar', length: 500 })
  s3Key!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
