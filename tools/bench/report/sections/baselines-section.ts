import type { Baselines } from '../../bench-results';
import { num, p50p99, table } from '../markdown-format';

/** The raw engines measured in the same run: express, JetStream publish, PostgreSQL inserts. */
export function baselinesSection(baselines: Baselines): string[] {
  const rows: string[][] = [];
  if (baselines.express) {
    rows.push([
      `bare express 5 app, \`express.json()\`, ${baselines.express.connections} connections (autocannon, another process)`,
      `${num(baselines.express.requests_per_s)} req/s`,
      p50p99(baselines.express.latency),
    ]);
  }
  if (baselines.jetstream) {
    rows.push([
      `JetStream publish, ${baselines.jetstream.payload_bytes} B, \`Nats-Msg-Id\`, ${baselines.jetstream.window} in flight (private nats-server)`,
      `${num(baselines.jetstream.messages_per_s)} msg/s`,
      p50p99(baselines.jetstream.latency),
    ]);
  }
  if (baselines.postgres) {
    const { single_row: single, multi_row: multi } = baselines.postgres;
    rows.push(
      [
        `PostgreSQL single-row INSERT (autocommit), ${single.clients} clients`,
        `${num(single.rows_per_s)} rows/s`,
        p50p99(single.latency),
      ],
      [
        `PostgreSQL ${multi.rows_per_statement}-row INSERT, ${multi.clients} clients`,
        `${num(multi.rows_per_s)} rows/s (${num(multi.statements_per_s)} statements/s)`,
        p50p99(multi.latency),
      ],
    );
  }
  return [
    '',
    '### Baselines: the raw engines, same run',
    '',
    table(['baseline', 'throughput', 'p50 / p99'], rows),
  ];
}
