import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BudgetPeriod } from '../common/budget-periods';

/** A budget threshold a user's spending reached: recorded once per user, budget, period and threshold. */
@Entity({ name: 'usage_alerts' })
export class UsageAlert {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  budget!: BudgetPeriod;

  /** The first day of the period (the day, or the month's first day). */
  @Column({ type: 'date' })
  periodStart!: string;

  /** Percent of the budget. */
  @Column({ type: 'smallint' })
  threshold!: number;

  @Column({ type: 'double precision' })
  spentCoreSeconds!: number;

  @Column({ type: 'double precision' })
  budgetCoreSeconds!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
