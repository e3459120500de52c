import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SandboxResourceColumns } from '../database/sandbox-resource.columns';
import { Tool } from './tool.entity';

export interface ToolInputSpec {
  name: string;
  description?: string;
  /** Accepted content types; `type/*` accepts a family; empty accepts anything. */
  contentTypes: string[];
  required: boolean;
}

export interface ToolOutputSpec {
  name: string;
  description?: string;
  contentType?: string;
}

/**
 * A published version of a tool. Immutable once published (a database trigger refuses changes to
 * anything but the deprecation flag), so any past calculation can be reproduced.
 */
@Entity({ name: 'tool_versions' })
export class ToolVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  toolId!: string;

  @ManyToOne(() => Tool, (tool) => tool.versions, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tool_id' })
  tool?: Tool;

  /** Semantic version, unique per tool. */
  @Column({ type: 'varchar', length: 64 })
  version!: string;

  @Column({ type: 'varchar', length: 255 })
  image!: string;

  /** The Python entrypoint: a module defining run(params). */
  @Column({ type: 'text' })
  code!: string;

  /** JSON Schema (draft 2020-12) the calculation parameters must satisfy. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  parametersSchema!: Record<string, unknown>;

  /** Limits and network of its sandbox; a calculation may ask for less. */
  @Column(() => SandboxResourceColumns, { prefix: false })
  sandbox!: SandboxResourceColumns;

  /** Files the code reads, at /work/inputs/<name>. */
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  inputs!: ToolInputSpec[];

  /** Files the code promises to write to /work/outputs/. */
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  outputs!: ToolOutputSpec[];

  @Column({ type: 'varchar', length: 5000, nullable: true })
  changelog!: string | null;

  @Column({ type: 'uuid', nullable: true })
  publishedBy!: string | null;

  @Column({ type: 'boolean', default: false })
  deprecated!: boolean;

  /** The same image, code, parameters and inputs always give the same result: calculations reuse one by default. */
  @Column({ type: 'boolean', default: false })
  deterministic!: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
