import type { AcceptResults, StartResults } from '../../bench-results';
import { MACHINE } from '../../process-sampler';
import { acceptedPerS } from '../../phases/accept.phase';
import { num, otherAnswers, p50p99, table } from '../markdown-format';
import { productCpuUs } from '../product-cpu';

/** The stack as `npm start` runs it, under the accept phase's single sends, beside that phase. */
export function startSection(start: StartResults, accept: AcceptResults | undefined): string[] {
  const refused = (codes: Record<string, number>) => otherAnswers(codes) || '—';
  const rows = [
    [
      `\`npm start\`'s stack (${start.apps.length} apps, development settings and defaults)`,
      `${num(start.single.accepted_per_s)} req/s`,
      p50p99(start.single.latency),
      refused(start.single.status_codes),
      num(start.single.errors),
      num(productCpuUs(start.cpu_us_per_message)),
    ],
    ...(accept
      ? [
          [
            'the accept phase (gateway + conversation-service, no rate limit)',
            `${num(acceptedPerS(accept.single))} req/s`,
            p50p99(accept.single.latency),
            refused(accept.single.status_codes),
            num(accept.single.errors),
            num(productCpuUs(accept.cpu_us_per_message.single)),
          ],
        ]
      : []),
  ];
  const processes = Object.keys(start.cpu_us_per_message)
    .filter((name) => name !== MACHINE)
    .sort();
  return [
    '',
    '### The stack as `npm start` runs it',
    '',
    `\`POST /api/v1/messages/send\`, closed loop, ${start.single.connections} connections, against the stack \`npm start\` starts (its code path: bundles, \`ENVIRONMENT=development\`, every other setting at its default), on ports, a database, a Redis and a nats-server of its own. Output of its apps: \`${start.log}\` beside the results.`,
    '',
    table(
      [
        'stack',
        'accepted (201)',
        'p50 / p99',
        'other answers',
        'connection errors',
        'CPU per send, services + PostgreSQL + NATS (µs)',
      ],
      rows,
    ),
    '',
    `CPU per accepted send (µs) by process: ${processes.map((name) => `${name} ${num(start.cpu_us_per_message[name] ?? 0)}`).join(', ')}.`,
  ];
}
