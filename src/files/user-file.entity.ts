import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintColumn } from '../database/column-transformers';
import { User } from '../users/user.entity';
import { StorageObject } from './storage-object.entity';

/** A file a user keeps in object storage: the row is the metadata, the bytes live in a (shared) storage object. */
@Entity({ name: 'user_files' })
export class UserFile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  owner?: User;

  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  @Column({ type: 'varchar', length: 255 })
  originalFilename!: string;

  @Column({ type: 'bigint', transformer: bigintColumn })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 255 })
  contentType!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** The bytes; null once the file is deleted (its metadata stays for the calculations that used it). */
  @Column({ type: 'uuid', nullable: true })
  storageObjectId!: string | null;

  @ManyToOne(() => StorageObject, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'storage_object_id' })
  storageObject?: StorageObject | null;

  @Column({ type: 'boolean', default: false })
  isPublic!: boolean;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  uploadedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
