import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserFile } from '../files/user-file.entity';
import { Calculation } from './calculation.entity';

export enum CalculationFileRole {
  Input = 'input',
  Output = 'output',
}

/** Links a calculation to the files it read (inputs) and wrote (outputs). */
@Entity({ name: 'calculation_files' })
export class CalculationFile {
  @PrimaryColumn({ type: 'uuid' })
  calculationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  fileId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  role!: CalculationFileRole;

  /** Inputs: the name under /work/inputs; outputs: the path under /work/outputs. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @ManyToOne(() => Calculation, (calculation) => calculation.files, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'calculation_id' })
  calculation?: Calculation;

  @ManyToOne(() => UserFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id' })
  file?: UserFile;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  addedAt!: Date;
}
