import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UsageFigures } from './usage-figures';
import type { BudgetPeriod } from '../common/budget-periods';

/** One usage entry to write. */
export interface UsageCharge {
  userId: string;
  calculationId: string;
  toolVersionId: string | null;
  status: string;
  /** The UTC day it is counted on (YYYY-MM-DD). */
  day: string;
  figures: UsageFigures;
}

/** Summed usage (of a day, a range, a user). */
export interface UsageTotals {
  calculations: number;
  cpuSeconds: number;
  wallSeconds: number;
  reservedCoreSeconds: number;
  reservedGbSeconds: number;
  outputBytes: number;
}

export interface DailyUsage extends UsageTotals {
  day: string;
}

export interface UserUsage extends UsageTotals {
  userId: string;
  username: string;
}

export interface AlertRow {
  budget: BudgetPeriod;
  periodStart: string;
  threshold: number;
  spentCoreSeconds: number;
  budgetCoreSeconds: number;
  createdAt: Date;
}

const TOTALS = `
  COALESCE(SUM(calculations), 0)::int AS calculations,
  COALESCE(SUM(cpu_s), 0)::float8 AS "cpuSeconds",
  COALESCE(SUM(wall_s), 0)::float8 AS "wallSeconds",
  COALESCE(SUM(reserved_core_s), 0)::float8 AS "reservedCoreSeconds",
  COALESCE(SUM(reserved_gb_s), 0)::float8 AS "reservedGbSeconds",
  COALESCE(SUM(output_bytes), 0)::float8 AS "outputBytes"`;

/** Database access to the usage ledger, its daily sums and the alerts. */
@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes the entry unless the calculation already has one, and only then adds it to the day's sums
   * (in the caller's transaction): a retried or repeated end can never count twice. True if written.
   */
  async insertEntry(manager: EntityManager, charge: UsageCharge): Promise<boolean> {
    const { figures } = charge;
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO usage_entries (user_id, calculation_id, tool_version_id, status, day, cpu_s, wall_s,
         reserved_core_s, reserved_gb_s, peak_memory_bytes, output_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (calculation_id) DO NOTHING
       RETURNING id`,
      [
        charge.userId,
        charge.calculationId,
        charge.toolVersionId,
        charge.status,
        charge.day,
        figures.cpuS,
        figures.wallS,
        figures.reservedCoreS,
        figures.reservedGbS,
        figures.peakMemoryBytes,
        figures.outputBytes,
      ],
    );
    if (inserted.length === 0) return false;
    await manager.query(
      `INSERT INTO usage_daily AS daily (user_id, day, calculations, cpu_s, wall_s, reserved_core_s, reserved_gb_s, output_bytes)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, day) DO UPDATE SET
         calculations = daily.calculations + 1,
         cpu_s = daily.cpu_s + EXCLUDED.cpu_s,
         wall_s = daily.wall_s + EXCLUDED.wall_s,
         reserved_core_s = daily.reserved_core_s + EXCLUDED.reserved_core_s,
         reserved_gb_s = daily.reserved_gb_s + EXCLUDED.reserved_gb_s,
         output_bytes = daily.output_bytes + EXCLUDED.output_bytes`,
      [
        charge.userId,
        charge.day,
        figures.cpuS,
        figures.wallS,
        figures.reservedCoreS,
        figures.reservedGbS,
        figures.outputBytes,
      ],
    );
    return true;
  }

  /**
   * Takes the user's admission lock until the caller's transaction ends: submissions (and a
   * suspension) of one user are decided one at a time, across every API process.
   */
  async lockUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('retort:admit:' || $1, 0))`, [userId]);
  }

  /** The name of the tool a version belongs to (null if the version is gone). */
  async toolNameOf(toolVersionId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ name: string }[]>(
      `SELECT tools.name FROM tool_versions versions JOIN tools ON tools.id = versions.tool_id WHERE versions.id = $1`,
      [toolVersionId],
    );
    return row?.name ?? null;
  }

  /** Reserved core-seconds a user spent in [from, to) (days as YYYY-MM-DD). */
  async spentCoreSeconds(
    userId: string,
    from: string,
    to: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [row] = await manager.query<{ spent: number }[]>(
      `SELECT COALESCE(SUM(reserved_core_s), 0)::float8 AS spent FROM usage_daily
       WHERE user_id = $1 AND day >= $2 AND day < $3`,
      [userId, from, to],
    );
    return row.spent;
  }

  /** Records an alert unless it exists; true if it is new. */
  async insertAlert(manager: EntityManager, userId: string, alert: Omit<AlertRow, 'createdAt'>): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO usage_alerts (user_id, budget, period_start, threshold, spent_core_seconds, budget_core_seconds)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, budget, period_start, threshold) DO NOTHING
       RETURNING id`,
      [userId, alert.budget, alert.periodStart, alert.threshold, alert.spentCoreSeconds, alert.budgetCoreSeconds],
    );
    return rows.length > 0;
  }

  /** A user's daily rows in [from, to], oldest first. */
  daily(userId: string, from: string, to: string): Promise<DailyUsage[]> {
    return this.dataSource.query<DailyUsage[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, calculations, cpu_s::float8 AS "cpuSeconds",
         wall_s::float8 AS "wallSeconds", reserved_core_s::float8 AS "reservedCoreSeconds",
         reserved_gb_s::float8 AS "reservedGbSeconds", output_bytes::float8 AS "outputBytes"
       FROM usage_daily WHERE user_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`,
      [userId, from, to],
    );
  }

  /** Alerts of a user whose period starts in [from, to], newest first. */
  alerts(userId: string, from: string, to: string): Promise<AlertRow[]> {
    return this.dataSource.query<AlertRow[]>(
      `SELECT budget, to_char(period_start, 'YYYY-MM-DD') AS "periodStart", threshold,
         spent_core_seconds AS "spentCoreSeconds", budget_core_seconds AS "budgetCoreSeconds",
         created_at AS "createdAt"
       FROM usage_alerts WHERE user_id = $1 AND period_start >= $2 AND period_start <= $3
       ORDER BY created_at DESC, threshold DESC`,
      [userId, from, to],
    );
  }

  /**
   * A user's storage per UTC day of [from, to] in byte-days, from the files: each file counts its
   * size for the part of the day it existed (uploaded, not yet deleted). Days without files: 0.
   */
  storageByteDays(userId: string, from: string, to: string): Promise<{ day: string; byteDays: number }[]> {
    return this.dataSource.query<{ day: string; byteDays: number }[]>(
      `WITH days AS (
         SELECT d::date AS day, (d::timestamp AT TIME ZONE 'UTC') AS starts,
           ((d + interval '1 day')::timestamp AT TIME ZONE 'UTC') AS ends
         FROM generate_series($2::date, $3::date, interval '1 day') d)
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
         COALESCE(SUM(f.size_bytes::float8 * EXTRACT(EPOCH FROM
           LEAST(COALESCE(f.deleted_at, now()), days.ends) - GREATEST(f.uploaded_at, days.starts)) / 86400), 0)::float8
           AS "byteDays"
       FROM days LEFT JOIN user_files f ON f.user_id = $1 AND f.uploaded_at < days.ends
         AND COALESCE(f.deleted_at, now()) > days.starts
       GROUP BY days.day ORDER BY days.day`,
      [userId, from, to],
    );
  }

  /**
   * Per-user totals of days in [from, to], a page in the order asked (ties by user id), after the
   * (value, user id) of the previous page's last row, at most `limit`.
   */
  perUser(query: PerUserQuery): Promise<UserUsage[]> {
    const column = SORT_COLUMNS[query.sort];
    const descending = query.order === 'desc';
    const after = query.after;
    const params: unknown[] = [query.from, query.to, query.limit];
    let keyset = '';
    if (after) {
      params.push(after.value, after.userId);
      const cast = query.sort === 'username' ? 'text' : query.sort === 'userId' ? 'uuid' : 'float8';
      keyset = `WHERE (${column}, "userId") ${descending ? '<' : '>'} ($4::${cast}, $5::uuid)`;
    }
    const direction = descending ? 'DESC' : 'ASC';
    return this.dataSource.query<UserUsage[]>(
      `SELECT * FROM (
         SELECT daily.user_id AS "userId", users.username AS username, ${TOTALS}
         FROM usage_daily daily JOIN users ON users.id = daily.user_id
         WHERE daily.day >= $1 AND daily.day <= $2
         GROUP BY daily.user_id, users.username) totals
       ${keyset}
       ORDER BY ${column} ${direction}, "userId" ${direction}
       LIMIT $3`,
      params,
    );
  }

  /** Platform-wide figures for the administrators' dashboard. */
  async stats(from: string, to: string): Promise<PlatformStats> {
    const [byStatus, byTool, [compute], [storage]] = await Promise.all([
      this.dataSource.query<{ status: string; count: number }[]>(
        `SELECT status, count(*)::int AS count FROM calculations GROUP BY status ORDER BY status`,
      ),
      this.dataSource.query<ToolStats[]>(
        `SELECT COALESCE(tools.name, 'ad-hoc') AS tool, count(*)::int AS calculations,
           count(*) FILTER (WHERE c.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE c.status IN ('failed', 'timed_out'))::int AS failed,
           COALESCE(SUM(entries.reserved_core_s), 0)::float8 AS "reservedCoreSeconds"
         FROM calculations c
         LEFT JOIN tool_versions versions ON versions.id = c.tool_version_id
         LEFT JOIN tools ON tools.id = versions.tool_id
         LEFT JOIN usage_entries entries ON entries.calculation_id = c.id
         GROUP BY COALESCE(tools.name, 'ad-hoc') ORDER BY calculations DESC, tool`,
      ),
      this.dataSource.query<(UsageTotals & { users: number })[]>(
        `SELECT count(DISTINCT user_id)::int AS users, ${TOTALS}
         FROM usage_daily WHERE day >= $1 AND day <= $2`,
        [from, to],
      ),
      this.dataSource.query<{ files: number; bytes: number; users: number }[]>(
        `SELECT count(*)::int AS files, COALESCE(SUM(size_bytes), 0)::float8 AS bytes,
           count(DISTINCT user_id)::int AS users
         FROM user_files WHERE deleted_at IS NULL`,
      ),
    ]);
    return { byStatus, byTool, compute, storage };
  }
}

export type UsageSort =
  'userId' | 'username' | 'calculations' | 'cpuSeconds' | 'wallSeconds' | 'coreSeconds' | 'gbSeconds' | 'outputBytes';
export const USAGE_SORTS: readonly UsageSort[] = [
  'userId',
  'username',
  'calculations',
  'cpuSeconds',
  'wallSeconds',
  'coreSeconds',
  'gbSeconds',
  'outputBytes',
];
const SORT_COLUMNS: Record<UsageSort, string> = {
  userId: '"userId"',
  username: 'username',
  calculations: 'calculations',
  cpuSeconds: '"cpuSeconds"',
  wallSeconds: '"wallSeconds"',
  coreSeconds: '"reservedCoreSeconds"',
  gbSeconds: '"reservedGbSeconds"',
  outputBytes: '"outputBytes"',
};

export interface PerUserQuery {
  from: string;
  to: string;
  sort: UsageSort;
  order: 'asc' | 'desc';
  /** The previous page's last row: its sort value and user id. */
  after: { value: string | number; userId: string } | null;
  limit: number;
}

export interface ToolStats {
  tool: string;
  calculations: number;
  completed: number;
  failed: number;
  reservedCoreSeconds: number;
}

export interface PlatformStats {
  byStatus: { status: string; count: number }[];
  byTool: ToolStats[];
  compute: UsageTotals & { users: number };
  storage: { files: number; bytes: number; users: number };
}
