import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { ProblemException, ValidationProblem } from '../common/problem.exception';
import { FieldError } from '../common/problem-details';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { EffectiveLimits, effectiveLimits, LimitDefaults, LimitOverrides, NO_OVERRIDES } from './effective-limits';
import {
  BUDGET_PERIODS,
  BudgetPeriod,
  percentOf,
  periodOf,
  secondsUntilReset,
  thresholdsReached,
  UsageFigures,
  utcDay,
} from './usage-figures';
import { AlertRow, DailyUsage, UsageRepository, UsageTotals, UserUsage } from './usage.repository';
import { UsageProblems } from './usage.problems';
import { UserLimits } from './user-limits.entity';

/** What a finished calculation reports to the ledger. */
export interface CalculationUsage {
  userId: string;
  calculationId: string;
  toolVersionId: string | null;
  status: string;
  figures: UsageFigures;
}

/** A budget threshold reached for the first time in its period. */
export type NewAlert = Omit<AlertRow, 'createdAt'>;

/** What charging a calculation did: whether its entry was new, and the thresholds it crossed. */
export interface RecordedUsage {
  written: boolean;
  alerts: NewAlert[];
}

export interface BudgetStatus {
  period: BudgetPeriod;
  periodStart: string;
  resetsAt: Date;
  /** Null: unlimited. */
  budgetCoreSeconds: number | null;
  spentCoreSeconds: number;
  percent: number | null;
}

export interface UsageReport {
  from: string;
  to: string;
  days: DailyUsage[];
  totals: UsageTotals;
  usageEnabled: boolean;
  budgets: BudgetStatus[];
  alerts: AlertRow[];
}

// A queue that is full frees up as calculations start: worth trying again in a minute.
const QUEUE_RETRY_AFTER_S = 60;

const emptyTotals = (): UsageTotals => ({
  calculations: 0,
  cpuSeconds: 0,
  wallSeconds: 0,
  reservedCoreSeconds: 0,
  reservedGbSeconds: 0,
  outputBytes: 0,
});

/**
 * Usage accounting and per-user limits: the ledger (written by calculations in the transaction that
 * ends a calculation), the budgets and alerts, and what a user may submit and run.
 */
@Injectable()
export class UsageService {
  private readonly defaults: LimitDefaults;

  constructor(
    private readonly usage: UsageRepository,
    @InjectRepository(UserLimits) private readonly overrides: Repository<UserLimits>,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.defaults = {
      ...config.budgets,
      perUserConcurrency: config.calculations.perUserConcurrency,
      userQuotaBytes: config.files.userQuotaBytes,
      maxLimits: config.maxLimits,
    };
  }

  /**
   * Charges a calculation that ran code, inside the transaction that gives it its final status: one
   * entry per calculation (a second call adds nothing), the day's sums, and the budget alerts it
   * crosses (each recorded and audited once per user, budget and period).
   */
  async record(manager: EntityManager, usage: CalculationUsage, now = new Date()): Promise<RecordedUsage> {
    const day = utcDay(now);
    const written = await this.usage.insertEntry(manager, { ...usage, day });
    const reached: NewAlert[] = [];
    if (!written) return { written, alerts: reached };
    const limits = await this.limitsFor(usage.userId, manager);
    for (const period of BUDGET_PERIODS) {
      const budget = this.budgetOf(limits, period);
      if (budget === null) continue;
      const { start, end } = periodOf(period, now);
      const spent = await this.usage.spentCoreSeconds(usage.userId, utcDay(start), utcDay(end), manager);
      for (const threshold of thresholdsReached(spent, budget)) {
        const alert = {
          budget: period,
          periodStart: utcDay(start),
          threshold,
          spentCoreSeconds: spent,
          budgetCoreSeconds: budget,
        };
        if (await this.usage.insertAlert(manager, usage.userId, alert)) {
          reached.push(alert);
          await this.audit.record(
            {
              actorUserId: null,
              action: AuditAction.UsageThresholdReached,
              target: { type: 'user', id: usage.userId },
              metadata: { ...alert, calculationId: usage.calculationId },
            },
            manager,
          );
        }
      }
    }
    return { written, alerts: reached };
  }

  /** The limits that apply to a user: their overrides over the configured defaults. */
  async limitsFor(userId: string, manager?: EntityManager): Promise<EffectiveLimits> {
    const repository = manager ? manager.getRepository(UserLimits) : this.overrides;
    return effectiveLimits(await repository.findOneBy({ userId }), this.defaults);
  }

  async maxRunningFor(userId: string): Promise<number> {
    return (await this.limitsFor(userId)).maxRunning;
  }

  async storageQuotaFor(userId: string, manager?: EntityManager): Promise<number> {
    return (await this.limitsFor(userId, manager)).storageQuotaBytes;
  }

  /**
   * Whether a user may submit a calculation now: computing not suspended (403), no budget spent
   * (429 with Retry-After to the period's end), room in the queue (429). Returns the user's limits,
   * whose per-calculation ceilings the submission must respect.
   */
  async admit(userId: string, waitingCount: () => Promise<number>, now = new Date()): Promise<EffectiveLimits> {
    const limits = await this.limitsFor(userId);
    if (!limits.usageEnabled) {
      throw ProblemException.of(
        UsageProblems.usageSuspended,
        'An administrator has suspended your computing: no new calculation is accepted.',
      );
    }
    for (const status of await this.budgetStatus(userId, limits, now)) {
      if (status.budgetCoreSeconds === null || status.spentCoreSeconds < status.budgetCoreSeconds) continue;
      const retryAfter = secondsUntilReset(status.period, now);
      throw ProblemException.of(
        UsageProblems.budgetExhausted,
        `Your ${status.period} compute budget of ${status.budgetCoreSeconds} core-seconds is spent ` +
          `(${round(status.spentCoreSeconds)} used); it resets at ${status.resetsAt.toISOString()}.`,
        {
          budget: status.period,
          budgetCoreSeconds: status.budgetCoreSeconds,
          spentCoreSeconds: status.spentCoreSeconds,
          resetsAt: status.resetsAt.toISOString(),
        },
      ).withHeader('Retry-After', String(retryAfter));
    }
    if (limits.maxQueued !== null) {
      const waiting = await waitingCount();
      if (waiting >= limits.maxQueued) {
        throw ProblemException.of(
          UsageProblems.tooManyQueued,
          `You have ${waiting} calculations waiting to run, the most allowed (${limits.maxQueued}); ` +
            'submit more once some have started.',
          { maxQueued: limits.maxQueued, queued: waiting },
        ).withHeader('Retry-After', String(QUEUE_RETRY_AFTER_S));
      }
    }
    return limits;
  }

  /** Spent against each budget for the periods that hold `now`. */
  async budgetStatus(userId: string, limits: EffectiveLimits, now = new Date()): Promise<BudgetStatus[]> {
    return Promise.all(
      BUDGET_PERIODS.map(async (period) => {
        const { start, end } = periodOf(period, now);
        const spent = await this.usage.spentCoreSeconds(userId, utcDay(start), utcDay(end));
        const budget = this.budgetOf(limits, period);
        return {
          period,
          periodStart: utcDay(start),
          resetsAt: end,
          budgetCoreSeconds: budget,
          spentCoreSeconds: spent,
          percent: percentOf(spent, budget),
        };
      }),
    );
  }

  /** A user's usage of the days in [from, to] (default: this month so far), with budgets and alerts. */
  async report(userId: string, range: { from?: string; to?: string }, now = new Date()): Promise<UsageReport> {
    const from = range.from ?? utcDay(periodOf('monthly', now).start);
    const to = range.to ?? utcDay(now);
    const limits = await this.limitsFor(userId);
    const [days, budgets, alerts] = await Promise.all([
      this.usage.daily(userId, from, to),
      this.budgetStatus(userId, limits, now),
      this.usage.alerts(userId, from, to),
    ]);
    const totals = days.reduce((sum, day) => {
      for (const key of Object.keys(sum) as (keyof UsageTotals)[]) sum[key] += day[key];
      return sum;
    }, emptyTotals());
    return { from, to, days, totals, usageEnabled: limits.usageEnabled, budgets, alerts };
  }

  /** Per-user totals over [from, to] (default: this month so far), a page ordered by user id. */
  async perUser(
    range: { from?: string; to?: string; cursor?: string; limit: number },
    now = new Date(),
  ): Promise<{ from: string; to: string; items: UserUsage[]; nextCursor: string | null }> {
    const from = range.from ?? utcDay(periodOf('monthly', now).start);
    const to = range.to ?? utcDay(now);
    const rows = await this.usage.perUser(from, to, range.cursor ?? null, range.limit + 1);
    const items = rows.slice(0, range.limit);
    return { from, to, items, nextCursor: rows.length > range.limit ? (items.at(-1)?.userId ?? null) : null };
  }

  /** A user's overrides (all null: the defaults apply) and what applies. */
  async getLimits(userId: string): Promise<{ overrides: LimitOverrides; effective: EffectiveLimits }> {
    await this.users.findById(userId);
    const row = await this.overrides.findOneBy({ userId });
    const overrides = row ? pickOverrides(row) : NO_OVERRIDES;
    return { overrides, effective: effectiveLimits(overrides, this.defaults) };
  }

  /** Replaces a user's overrides (a field left out or null: the default applies), audited. */
  async setLimits(
    actorUserId: string,
    userId: string,
    overrides: LimitOverrides,
    origin: RequestOrigin,
  ): Promise<{ overrides: LimitOverrides; effective: EffectiveLimits }> {
    await this.users.findById(userId);
    const max = this.defaults.maxLimits;
    const errors: FieldError[] = [];
    const ceiling = (field: 'maxMemoryMb' | 'maxCpus' | 'maxTimeoutS', limit: number, variable: string) => {
      const value = overrides[field];
      if (value !== null && value > limit) {
        errors.push({ path: field, message: `must be at most ${limit} (the administrators’ maximum, ${variable})` });
      }
    };
    ceiling('maxMemoryMb', max.memoryMb, 'LIMITS_MAX_MEMORY_MB');
    ceiling('maxCpus', max.cpus, 'LIMITS_MAX_CPUS');
    ceiling('maxTimeoutS', max.timeoutS, 'LIMITS_MAX_TIMEOUT_S');
    if (errors.length > 0) throw new ValidationProblem(errors);
    await this.overrides.upsert({ userId, ...overrides }, ['userId']);
    await this.audit.record({
      actorUserId,
      action: AuditAction.UserLimitsUpdated,
      target: { type: 'user', id: userId },
      metadata: { ...overrides },
      origin,
    });
    return this.getLimits(userId);
  }

  private budgetOf(limits: EffectiveLimits, period: BudgetPeriod): number | null {
    return period === 'daily' ? limits.dailyCoreSeconds : limits.monthlyCoreSeconds;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function pickOverrides(row: UserLimits): LimitOverrides {
  return {
    usageEnabled: row.usageEnabled,
    dailyCoreSeconds: row.dailyCoreSeconds,
    monthlyCoreSeconds: row.monthlyCoreSeconds,
    maxRunning: row.maxRunning,
    maxQueued: row.maxQueued,
    storageQuotaBytes: row.storageQuotaBytes,
    maxMemoryMb: row.maxMemoryMb,
    maxCpus: row.maxCpus,
    maxTimeoutS: row.maxTimeoutS,
  };
}
