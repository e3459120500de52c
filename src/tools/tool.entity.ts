import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../users/user.entity';
import type { ToolVersion } from './tool-version.entity';

/** A reusable unit of computation, identified by a slug and published in immutable versions. */
@Entity({ name: 'tools' })
export class Tool {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique slug: lower-case letters, digits and single dashes. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 50, array: true, default: () => `'{}'` })
  tags!: string[];

  @Column({ type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @OneToMany('ToolVersion', (version: ToolVersion) => version.tool)
  versions?: ToolVersion[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
