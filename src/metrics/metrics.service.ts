import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of this process; each module registers its own instruments here. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Where a calculation's time goes, phase by phase (see CALCULATION_PHASES). */
  readonly calculationPhase: Histogram<'phase'>;
  /** Reserved core-seconds charged to the usage ledger, by tool ('ad-hoc' for a user's own code). */
  readonly usageCoreSeconds: Counter<'tool'>;
  /** Budget thresholds users reached (70, 90, 100 by default), by budget period and threshold. */
  readonly usageAlerts: Counter<'budget' | 'threshold'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'retort_' });
    this.httpDuration = new Histogram({
      name: 'retort_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.calculationPhase = new Histogram({
      name: 'retort_calculation_phase_seconds',
      help: 'Time of each phase of a calculation in the worker: queue, prepare, sandbox, inputs, claim, code, usage, collect, outputs, logs, finish, event',
      labelNames: ['phase'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.usageCoreSeconds = new Counter({
      name: 'retort_usage_core_seconds_total',
      help: 'Reserved core-seconds (CPUs x wall time) charged for finished calculations, by tool',
      labelNames: ['tool'],
      registers: [this.registry],
    });
    this.usageAlerts = new Counter({
      name: 'retort_usage_alerts_total',
      help: 'Compute budget thresholds reached by users, by budget period (daily, monthly) and threshold percent',
      labelNames: ['budget', 'threshold'],
      registers: [this.registry],
    });
  }

  setProcessLabel(process: 'api' | 'worker'): void {
    this.registry.setDefaultLabels({ process });
  }
}
