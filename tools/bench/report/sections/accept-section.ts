import type { AcceptResults, Baselines } from '../../bench-results';
import { MACHINE } from '../../process-sampler';
import { num, p50p99, table, x } from '../markdown-format';

/** The accept path (gateway + conversation-service): single sends, open loop, bulk. */
export function acceptSection(accept: AcceptResults): string[] {
  const at70 = accept.single_at_70_percent;
  const oneConversation = accept.single_one_conversation;
  return [
    '',
    '### Accept path: gateway + conversation-service',
    '',
    table(
      ['run', 'throughput', 'p50 / p99', 'errors', 'vs baseline'],
      [
        [
          `\`POST /api/v1/messages/send\`, closed loop, ${accept.single.connections} connections`,
          `${num(accept.single.requests_per_s)} req/s`,
          p50p99(accept.single.latency),
          num(accept.single.errors + accept.single.non_2xx),
          `${x(accept.single.ratio_to_express)} express req/s; p99 ${x(accept.single.ratio_p99_to_express)}`,
        ],
        [
          `same, open loop at ${num(at70.rate)}/s (70% of the maximum)`,
          `${num(at70.accepted)} accepted in ${at70.seconds} s`,
          p50p99(at70.latency),
          num(at70.errors + at70.shed),
          '—',
        ],
        [
          `\`POST /api/v1/messages/batch\`, ${accept.batch.batch_size} messages per request, ${accept.batch.connections} connections`,
          `${num(accept.batch.messages_per_s)} messages/s (${num(accept.batch.requests_per_s)} req/s)`,
          `${p50p99(accept.batch.latency)} per request`,
          num(accept.batch.errors + accept.batch.non_2xx),
          `${x(accept.batch.ratio_to_postgres_multi_row)} PostgreSQL 100-row rows/s`,
        ],
        ...(oneConversation
          ? [
              [
                `\`POST /api/v1/messages/send\`, all to one conversation, ${oneConversation.connections} connections`,
                `${num(oneConversation.requests_per_s)} req/s`,
                p50p99(oneConversation.latency),
                num(oneConversation.errors + oneConversation.non_2xx),
                '—',
              ],
            ]
          : []),
      ],
    ),
  ];
}

/** CPU per accepted message by process, beside the bare express app's CPU per request. */
export function acceptCpuSection(
  cpu: NonNullable<AcceptResults['cpu_us_per_message']>,
  baselines: Baselines,
): string[] {
  const { single, batch } = cpu;
  const express = baselines.express?.cpu_us_per_request ?? {};
  const processes = [
    ...new Set([...Object.keys(single), ...Object.keys(batch), ...Object.keys(express)]),
  ].sort((a, b) => (a === MACHINE ? 1 : b === MACHINE ? -1 : a.localeCompare(b)));
  const us = (value: number | undefined) => (value === undefined ? '—' : num(value));
  return [
    '',
    'CPU per accepted message (µs), by process: what one message costs, whatever the machine is doing. The whole machine includes everything else running on it meanwhile.',
    '',
    table(
      ['process', 'bare express, per request', 'single send', 'bulk, per message'],
      processes.map((name) => [name, us(express[name]), us(single[name]), us(batch[name])]),
    ),
  ];
}
