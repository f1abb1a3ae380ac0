import type { BenchOptions, Phase } from './bench-options';
import type { ClosedLoopResult, OpenLoopResult } from './load/load-spec';
import type { MachineInfo, MachineState } from './machine-info';
import type { ProcessUsage } from './process-sampler';
import type { LatencySummary } from './stats';

/*
 * The shape of `tools/bench/results/<date>.json`: every figure absolute, and — where there is one —
 * as a ratio to the raw-engine baseline measured in the same run (`ratio_*`: measured/baseline).
 */

export interface ExpressBaseline {
  requests_per_s: number;
  latency: LatencySummary;
  errors: number;
  connections: number;
  /** CPU microseconds per request: the app's process, the load generator, the whole machine. */
  cpu_us_per_request: Record<string, number>;
}

export interface JetStreamBaseline {
  messages: number;
  messages_per_s: number;
  /** Publishes awaiting their ack at once. */
  window: number;
  payload_bytes: number;
  /** Publish-to-ack latency. */
  latency: LatencySummary;
}

export interface PostgresBaseline {
  single_row: {
    clients: number;
    rows_per_s: number;
    latency: LatencySummary;
  };
  multi_row: {
    clients: number;
    rows_per_statement: number;
    rows_per_s: number;
    statements_per_s: number;
    latency: LatencySummary;
  };
}

export interface Baselines {
  express?: ExpressBaseline;
  jetstream?: JetStreamBaseline;
  postgres?: PostgresBaseline;
}

export interface AcceptResults {
  single: ClosedLoopResult & {
    connections: number;
    /** requests/s ÷ the bare express app's. */
    ratio_to_express: number | null;
    /** p99 ÷ the bare express app's p99. */
    ratio_p99_to_express: number | null;
  };
  /** Open loop at 70% of the closed-loop maximum. */
  single_at_70_percent: Omit<OpenLoopResult, 'accepted_messages'> & { rate: number };
  batch: ClosedLoopResult & {
    connections: number;
    batch_size: number;
    messages_per_s: number;
    /** messages/s ÷ raw PostgreSQL 100-row inserts' rows/s. */
    ratio_to_postgres_multi_row: number | null;
  };
  /** Concurrent sends to one conversation: they serialise on its row. */
  single_one_conversation?: ClosedLoopResult & { connections: number };
  /**
   * CPU microseconds per accepted message, by process (and the whole machine, which includes
   * other work on it), in the closed-loop single-send run and the bulk run.
   */
  cpu_us_per_message: { single: Record<string, number>; batch: Record<string, number> };
}

export interface E2eStep {
  rate: number;
  seconds: number;
  offered: number;
  shed: number;
  accepted: number;
  accept_errors: number;
  accept_latency: LatencySummary;
  /** Accepted messages the provider received (within the drain bound). */
  delivered: number;
  /** Provider receptions per second while the load ran. */
  delivered_per_s: number;
  /** Accept (`created_at`) to provider reception (`received_at`). */
  latency: LatencySummary;
  /** Whether every accepted message reached the provider within the drain bound. */
  drained: boolean;
  /** Seconds after the load stopped until the last accepted message reached the provider. */
  drain_s: number;
  /**
   * CPU microseconds per delivered message by process, over the step and its drain (callbacks
   * and status events included); the whole machine's figure includes other work on it.
   */
  cpu_us_per_message: Record<string, number>;
  /** delivered_per_s ÷ raw JetStream publishes/s. */
  ratio_to_jetstream: number | null;
  /** delivered_per_s ÷ raw PostgreSQL single-row inserts/s (each message takes several transactions). */
  ratio_to_postgres_single_row: number | null;
}

export interface E2eSeries {
  sandbox_latency_ms: number;
  steps: E2eStep[];
  /** Rates not run because a lower one did not drain. */
  skipped_rates: number[];
  /** The highest offered rate that drained with p99 < 1 s; null when none did. */
  max_rate_p99_under_1s: number | null;
  /**
   * Calls, one step at a low rate beside the texts: "delivered" is a call placed at the
   * provider (latency from accept to the call's creation), drained once every call ended, and
   * CPU per call covers the call's status callbacks too.
   */
  voice?: E2eStep;
}

/**
 * The stack as `npm start` runs it (bundles, development settings, every default), on ports,
 * a database, a Redis and a nats-server of its own, under the accept phase's closed-loop single
 * sends.
 */
export interface StartResults {
  single: ClosedLoopResult & {
    connections: number;
    /** Sends answered 201 per second. */
    accepted_per_s: number;
  };
  /** CPU microseconds per accepted send, by process (as the accept phase's `single`). */
  cpu_us_per_message: Record<string, number>;
  /** The apps `npm start` ran. */
  apps: string[];
  /** Where the apps' output went. */
  log: string;
}

/** One pass of the scaling phase: the same steps with every process on `cpus`. */
export interface ScalingRun {
  cpus: number[];
  /** The accept path's closed-loop single sends. */
  single: ClosedLoopResult & { connections: number; accepted_per_s: number };
  /** End to end at the first provider latency, texts only. */
  e2e: E2eSeries;
  /** The most messages delivered per second by any step of `e2e`; null when none arrived. */
  e2e_max_delivered_per_s: number | null;
}

/** Throughput on one core against two: each process pinned (`taskset`), servers included. */
export interface ScalingResults {
  runs: ScalingRun[];
  /** Two cores' figure ÷ one core's, for single sends accepted/s and the most delivered/s. */
  factors: { single: number | null; e2e: number | null };
}

export interface QueryResult {
  name: string;
  method: string;
  path: string;
  seeded: LatencySummary & { errors: number; items: number };
  empty: LatencySummary & { errors: number; items: number };
  /** seeded p99 ÷ empty p99. */
  ratio_p99_to_empty: number | null;
}

export interface QueryPlan {
  name: string;
  sql: string;
  plan: string;
  /** Index names the plan reads (`Index Scan using …`, `Bitmap Index Scan on …`). */
  indexes: string[];
  /** Tables read by a sequential scan. */
  seq_scans: string[];
}

export interface DataResults {
  rows: number;
  conversations: number;
  seed: { reused: boolean; seconds: number; database: string; size_mb: number };
  queries: QueryResult[];
  plans: QueryPlan[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface ProfileSummary {
  service: string;
  /** Share of samples by where the time went (package or workspace lib), highest first. */
  by_area: { area: string; percent: number }[];
  /** The functions with the most self time. */
  top_functions: { name: string; where: string; percent: number }[];
}

export interface BenchResults {
  version: 1;
  started_at: string;
  finished_at: string;
  options: Omit<BenchOptions, 'command'>;
  phases: Phase[];
  commands: string[];
  machine: MachineInfo;
  /** How busy the machine was before each phase (other work shares it). */
  machine_state: Record<string, MachineState>;
  baselines: Baselines;
  accept?: AcceptResults;
  start?: StartResults;
  e2e?: E2eSeries[];
  data?: DataResults;
  scaling?: ScalingResults;
  /** Peak memory and CPU time of every service process (and the whole machine), by phase. */
  processes: Record<string, Record<string, ProcessUsage>>;
  targets: TargetCheck[];
  profiles?: ProfileSummary[];
  notes: string[];
}
