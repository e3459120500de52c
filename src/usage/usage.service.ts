import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditAction, AuditService, RequestOrigin } from '../audit/audit.service';
import { ProblemException, ValidationProblem } from '../common/problem.exception';
import { FieldError } from '../common/problem-details';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersService } from '../users/users.service';
import { EffectiveLimits, effectiveLimits, LimitDefaults, LimitOverrides, NO_OVERRIDES } from './effective-limits';
import { BUDGET_PERIODS, BudgetPeriod } from '../common/budget-periods';
import {
  budgetAllows,
  percentOf,
  periodOf,
  secondsUntilReset,
  thresholdsReached,
  UsageFigures,
  utcDay,
} from './usage-figures';
import {
  AlertRow,
  DailyUsage,
  PlatformStats,
  UsageRepository,
  UsageSort,
  UsageTotals,
  UserUsage,
} from './usage.repository';
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

/** What a submission asks to add to the queue, for the checks made where its rows are written. */
export interface Submission {
  /** Calculations that will wait to run (reused results are not counted: they cost nothing). */
  calculations: number;
  /** Their worst case together: CPUs × wall-clock limit, summed. */
  worstCaseCoreSeconds: number;
}

/** What a user already has in flight: waiting, and the worst case of all not yet charged. */
export interface InFlight {
  waiting: number;
  reservedCoreSeconds: number;
}

/** How the calculations module stops a user's work (registered by it: usage does not import it). */
export interface UserCalculationsCanceller {
  cancelAllOf(userId: string): Promise<{ cancelled: number; stopping: number }>;
}

/** A user's overrides and what applies; after a kill switch, what it cancelled. */
export interface LimitsView {
  overrides: LimitOverrides;
  effective: EffectiveLimits;
  cancelled?: { cancelled: number; stopping: number } | null;
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

export type Granularity = 'day' | 'month';
export const GRANULARITIES: readonly Granularity[] = ['day', 'month'];

/** One day's or month's usage in a report's series. */
export interface UsagePoint extends UsageTotals {
  /** YYYY-MM-DD or YYYY-MM. */
  period: string;
  storageByteDays: number;
}

export interface UsageReport {
  from: string;
  to: string;
  granularity: Granularity;
  days: DailyUsage[];
  series: UsagePoint[];
  totals: UsageTotals & { storageByteDays: number };
  usageEnabled: boolean;
  budgets: BudgetStatus[];
  alerts: AlertRow[];
}

// A queue that is full frees up as calculations start: worth trying again in a minute.
const QUEUE_RETRY_AFTER_S = 60;

const TOOL_NAMES_CACHED = 1000;
// Rows per query when exporting every user's usage.
const EXPORT_PAGE = 500;
// The longest range a report covers (about ten years): its series has a point per day.
export const MAX_RANGE_DAYS = 3660;

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
  private readonly thresholds: readonly number[];
  private canceller: UserCalculationsCanceller | null = null;
  private readonly toolNames = new Map<string, string>();

  constructor(
    private readonly usage: UsageRepository,
    @InjectRepository(UserLimits) private readonly overrides: Repository<UserLimits>,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    const { alertThresholds, ...budgets } = config.budgets;
    this.thresholds = alertThresholds;
    this.defaults = {
      ...budgets,
      perUserConcurrency: config.calculations.perUserConcurrency,
      userQuotaBytes: config.files.userQuotaBytes,
      maxLimits: config.maxLimits,
    };
  }

  /** The calculations module hands over how to cancel a user's calculations (the kill switch). */
  registerCanceller(canceller: UserCalculationsCanceller): void {
    this.canceller = canceller;
  }

  /**
   * Charges a calculation that ran code, inside the transaction that gives it its final status: one
   * entry per calculation (a second call adds nothing), the day's sums, and the budget thresholds it
   * crosses (USAGE_ALERT_THRESHOLDS and 100 %: each recorded, audited and notified once per user,
   * budget and period; the unique alert row decides which of two racing charges reports it).
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
      for (const threshold of thresholdsReached(spent, budget, this.thresholds)) {
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
          await this.notifications.notify(usage.userId, 'usage.threshold', alertTitle(alert), { ...alert }, manager);
        }
      }
    }
    return { written, alerts: reached };
  }

  /**
   * After the charging transaction committed: the Prometheus counters (core-seconds by tool, alerts
   * by budget and threshold). Never before the commit, so a rolled-back charge counts nothing.
   */
  async counted(usage: CalculationUsage, recorded: RecordedUsage): Promise<void> {
    if (!recorded.written) return;
    const tool = usage.toolVersionId ? await this.toolNameOf(usage.toolVersionId) : 'ad-hoc';
    this.metrics.usageCoreSeconds.inc({ tool }, usage.figures.reservedCoreS);
    for (const alert of recorded.alerts) {
      this.metrics.usageAlerts.inc({ budget: alert.budget, threshold: String(alert.threshold) });
    }
  }

  // A version never changes tool: its name is looked up once (a few hundred versions at most).
  private async toolNameOf(toolVersionId: string): Promise<string> {
    let name = this.toolNames.get(toolVersionId);
    if (name === undefined) {
      name = (await this.usage.toolNameOf(toolVersionId)) ?? 'unknown';
      if (this.toolNames.size >= TOOL_NAMES_CACHED) this.toolNames.clear();
      this.toolNames.set(toolVersionId, name);
    }
    return name;
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
    assertEnabled(limits);
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

  /**
   * The authoritative check, in the transaction that writes a submission's rows and under a per-user
   * lock that every submission of this user takes: two simultaneous submissions are decided one after
   * the other, so they cannot both take the last place in the queue or the last of a budget.
   * Refuses (429) a submission whose worst case exceeds what remains of a budget once what is spent
   * and what the user's queued and running calculations may still use are taken off.
   */
  async admitSubmission(
    manager: EntityManager,
    userId: string,
    submission: Submission,
    inFlight: () => Promise<InFlight>,
    now = new Date(),
  ): Promise<void> {
    if (submission.calculations === 0) return;
    await this.usage.lockUser(manager, userId);
    const limits = await this.limitsFor(userId, manager);
    assertEnabled(limits);
    if (limits.maxQueued === null && limits.dailyCoreSeconds === null && limits.monthlyCoreSeconds === null) return;
    const current = await inFlight();
    if (limits.maxQueued !== null && current.waiting + submission.calculations > limits.maxQueued) {
      throw ProblemException.of(
        UsageProblems.tooManyQueued,
        `You have ${current.waiting} calculations waiting to run and asked for ${submission.calculations} more; ` +
          `at most ${limits.maxQueued} may wait. Submit more once some have started.`,
        { maxQueued: limits.maxQueued, queued: current.waiting },
      ).withHeader('Retry-After', String(QUEUE_RETRY_AFTER_S));
    }
    for (const status of await this.budgetStatus(userId, limits, now, manager)) {
      if (status.budgetCoreSeconds === null) continue;
      const { allowed, remainingCoreSeconds: remaining } = budgetAllows(submission.worstCaseCoreSeconds, {
        budgetCoreSeconds: status.budgetCoreSeconds,
        spentCoreSeconds: status.spentCoreSeconds,
        heldCoreSeconds: current.reservedCoreSeconds,
      });
      if (allowed) continue;
      throw ProblemException.of(
        UsageProblems.budgetInsufficient,
        `Your ${status.period} compute budget has ${round(remaining)} core-seconds left ` +
          `(${status.budgetCoreSeconds} in all, ${round(status.spentCoreSeconds)} spent, ` +
          `${round(current.reservedCoreSeconds)} held by your queued and running calculations), but this ` +
          `submission may use up to ${round(submission.worstCaseCoreSeconds)} (CPUs × timeout` +
          `${submission.calculations > 1 ? `, × ${submission.calculations} calculations` : ''}). ` +
          `Ask for fewer CPUs or a shorter timeout, or wait for the reset at ${status.resetsAt.toISOString()}.`,
        {
          budget: status.period,
          budgetCoreSeconds: status.budgetCoreSeconds,
          spentCoreSeconds: status.spentCoreSeconds,
          heldCoreSeconds: current.reservedCoreSeconds,
          remainingCoreSeconds: remaining,
          worstCaseCoreSeconds: submission.worstCaseCoreSeconds,
          resetsAt: status.resetsAt.toISOString(),
        },
      ).withHeader('Retry-After', String(secondsUntilReset(status.period, now)));
    }
  }

  /** Spent against each budget for the periods that hold `now`. */
  async budgetStatus(
    userId: string,
    limits: EffectiveLimits,
    now = new Date(),
    manager?: EntityManager,
  ): Promise<BudgetStatus[]> {
    return Promise.all(
      BUDGET_PERIODS.map(async (period) => {
        const { start, end } = periodOf(period, now);
        const spent = await this.usage.spentCoreSeconds(userId, utcDay(start), utcDay(end), manager);
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

  /**
   * A user's usage of the days in [from, to] (default: this month so far), with budgets and alerts,
   * and a series by day or by month (every period of the range up to today, zeros included) with
   * the storage held in byte-days.
   */
  async report(
    userId: string,
    range: { from?: string; to?: string; granularity?: Granularity },
    now = new Date(),
  ): Promise<UsageReport> {
    const { from, to } = rangeOf(range, now);
    const granularity = range.granularity ?? 'day';
    const limits = await this.limitsFor(userId);
    const today = utcDay(now);
    const seriesTo = to < today ? to : today;
    const [days, budgets, alerts, storage] = await Promise.all([
      this.usage.daily(userId, from, to),
      this.budgetStatus(userId, limits, now),
      this.usage.alerts(userId, from, to),
      from <= seriesTo ? this.usage.storageByteDays(userId, from, seriesTo) : Promise.resolve([]),
    ]);
    const totals = days.reduce((sum, day) => addTotals(sum, day), emptyTotals());
    const byDay = new Map(days.map((day) => [day.day, day]));
    const series = new Map<string, UsagePoint>();
    for (const { day, byteDays } of storage) {
      const period = granularity === 'day' ? day : day.slice(0, 7);
      const point = series.get(period) ?? { period, ...emptyTotals(), storageByteDays: 0 };
      const used = byDay.get(day);
      if (used) addTotals(point, used);
      point.storageByteDays += byteDays;
      series.set(period, point);
    }
    return {
      from,
      to,
      granularity,
      days,
      series: [...series.values()],
      totals: { ...totals, storageByteDays: storage.reduce((sum, day) => sum + day.byteDays, 0) },
      usageEnabled: limits.usageEnabled,
      budgets,
      alerts,
    };
  }

  /** Per-user totals over [from, to] (default: this month so far), a page in the order asked. */
  async perUser(
    query: { from?: string; to?: string; cursor?: string; limit: number; sort?: UsageSort; order?: 'asc' | 'desc' },
    now = new Date(),
  ): Promise<{ from: string; to: string; items: UserUsage[]; nextCursor: string | null }> {
    const { from, to } = rangeOf(query, now);
    const sort = query.sort ?? 'userId';
    const order = query.order ?? (sort === 'userId' || sort === 'username' ? 'asc' : 'desc');
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, sort);
    const rows = await this.usage.perUser({ from, to, sort, order, after, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor(sortValue(last, sort), last.userId) : null;
    return { from, to, items, nextCursor };
  }

  /** Every user's totals over [from, to] in the order asked (for a CSV export), page by page. */
  async *allPerUser(query: {
    from?: string;
    to?: string;
    sort?: UsageSort;
    order?: 'asc' | 'desc';
  }): AsyncGenerator<UserUsage[]> {
    let cursor: string | undefined;
    do {
      const page = await this.perUser({ ...query, cursor, limit: EXPORT_PAGE });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Platform-wide figures: calculations by status and tool, compute in [from, to], storage now. */
  async stats(
    range: { from?: string; to?: string },
    now = new Date(),
  ): Promise<PlatformStats & { from: string; to: string }> {
    const { from, to } = rangeOf(range, now);
    return { from, to, ...(await this.usage.stats(from, to)) };
  }

  /** A user's overrides (all null: the defaults apply) and what applies. */
  async getLimits(userId: string): Promise<LimitsView> {
    await this.users.findById(userId);
    const row = await this.overrides.findOneBy({ userId });
    const overrides = row ? pickOverrides(row) : NO_OVERRIDES;
    return { overrides, effective: effectiveLimits(overrides, this.defaults) };
  }

  /**
   * Replaces a user's overrides (a field left out or null: the default applies), audited. Suspending
   * with `cancelRunning` also cancels the user's queued calculations and stops the running ones
   * (the kill switch), through the calculations module's own cancel path.
   */
  async setLimits(
    actorUserId: string,
    userId: string,
    overrides: LimitOverrides,
    origin: RequestOrigin,
    cancelRunning = false,
  ): Promise<LimitsView> {
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
    if (cancelRunning && overrides.usageEnabled) {
      errors.push({ path: 'cancelRunning', message: 'may only be true when suspending (usageEnabled: false)' });
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
    // Under the lock submissions take: one deciding now waits, then sees the suspension.
    await this.overrides.manager.transaction(async (manager) => {
      await this.usage.lockUser(manager, userId);
      await manager.getRepository(UserLimits).upsert({ userId, ...overrides }, ['userId']);
    });
    // After the suspension is stored: a submission racing this one is refused under its lock.
    const cancelled = cancelRunning && this.canceller ? await this.canceller.cancelAllOf(userId) : null;
    await this.audit.record({
      actorUserId,
      action: AuditAction.UserLimitsUpdated,
      target: { type: 'user', id: userId },
      metadata: { ...overrides, ...(cancelled ? { cancelRunning, ...cancelled } : {}) },
      origin,
    });
    return { ...(await this.getLimits(userId)), cancelled };
  }

  private budgetOf(limits: EffectiveLimits, period: BudgetPeriod): number | null {
    return period === 'daily' ? limits.dailyCoreSeconds : limits.monthlyCoreSeconds;
  }
}

function addTotals<T extends UsageTotals>(sum: T, add: UsageTotals): T {
  for (const key of Object.keys(emptyTotals()) as (keyof UsageTotals)[]) sum[key] += add[key];
  return sum;
}

/** [from, to] of a query (default: this month so far); 422 when reversed or longer than MAX_RANGE_DAYS. */
function rangeOf(range: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const from = range.from ?? utcDay(periodOf('monthly', now).start);
  const to = range.to ?? utcDay(now);
  if (from > to) throw new ValidationProblem([{ path: 'from', message: `must not be after to (${to})` }]);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new ValidationProblem([{ path: 'to', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
  }
  return { from, to };
}

function sortValue(row: UserUsage, sort: UsageSort): string | number {
  switch (sort) {
    case 'userId':
      return row.userId;
    case 'username':
      return row.username;
    case 'coreSeconds':
      return row.reservedCoreSeconds;
    case 'gbSeconds':
      return row.reservedGbSeconds;
    default:
      return row[sort];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function encodeCursor(value: string | number, userId: string): string {
  return Buffer.from(JSON.stringify([value, userId])).toString('base64url');
}

/** The (value, user id) a cursor holds, checked against the sort it was made for; 422 otherwise. */
function decodeCursor(cursor: string, sort: UsageSort): { value: string | number; userId: string } {
  const refused = new ValidationProblem([{ path: 'cursor', message: 'cursor is not one this API returned' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw refused;
  const [value, userId] = decoded as unknown[];
  if (typeof userId !== 'string' || !UUID.test(userId)) throw refused;
  const textual = sort === 'userId' || sort === 'username';
  if (textual ? typeof value !== 'string' : typeof value !== 'number' || !Number.isFinite(value)) throw refused;
  if (sort === 'userId' && !UUID.test(value as string)) throw refused;
  if (sort === 'username' && (value as string).length > 255) throw refused;
  return { value: value as string | number, userId };
}

function alertTitle(alert: NewAlert): string {
  const which = alert.budget === 'daily' ? 'today’s' : 'this month’s';
  return alert.threshold >= 100
    ? `You have spent ${which} compute budget of ${alert.budgetCoreSeconds} core-seconds: new calculations are refused until it resets`
    : `You have used ${alert.threshold} % of ${which} compute budget (${round(alert.spentCoreSeconds)} of ${alert.budgetCoreSeconds} core-seconds)`;
}

function assertEnabled(limits: EffectiveLimits): void {
  if (!limits.usageEnabled) {
    throw ProblemException.of(
      UsageProblems.usageSuspended,
      'An administrator has suspended your computing: no new calculation is accepted.',
    );
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
