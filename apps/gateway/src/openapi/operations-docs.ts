import { z } from 'zod';
import type { DocumentedRoute } from '../routing/route-definition';
import { json } from './response-docs';

/*
 * `/health`, `/ready` and `/metrics` are served by the http lib, as by every service, and are not
 * part of the API contracts: they are described here only, for the gateway's reference.
 */

const Health = z.object({
  status: z.literal('ok').describe('Always `ok` while the process answers'),
  uptime_s: z.number().int().describe('Seconds since the process started'),
});
const Readiness = z.object({
  status: z
    .enum(['ready', 'draining', 'unavailable'])
    .describe('`ready`; `draining` while shutting down; `unavailable` while a dependency is down'),
  checks: z
    .record(
      z.string(),
      z.object({
        status: z.enum(['up', 'down']).describe('Whether the dependency answered in time'),
        error: z.string().optional().describe('Why it is down'),
      }),
    )
    .describe('Each dependency by name (for the gateway: `nats` and `redis`)'),
});

const tags = ['Operations'];

/** The operations endpoints every service serves, as the gateway documents them. */
export const operationsRoutes: readonly DocumentedRoute[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tags,
    summary: 'Liveness',
    description: 'Answers while the process runs; restart it when this fails.',
    responses: {
      '200': json('Alive', Health, { ok: { status: 'ok', uptime_s: 42 } }),
    },
  },
  {
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    tags,
    summary: 'Readiness',
    description:
      'Checks each dependency; `503` while one is down or while the process drains on shutdown. Route traffic only while it answers `200`.',
    responses: {
      '200': json('Ready for traffic', Readiness, {
        ready: {
          status: 'ready',
          checks: { nats: { status: 'up' }, redis: { status: 'up' } },
        },
      }),
      '503': json('Not ready', Readiness, {
        draining: {
          status: 'draining',
          checks: { nats: { status: 'up' }, redis: { status: 'up' } },
        },
      }),
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags,
    summary: 'Prometheus metrics',
    description: 'Request rate, errors and latency by route, plus process metrics.',
    responses: {
      '200': {
        description: 'The Prometheus text format',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
  },
];
