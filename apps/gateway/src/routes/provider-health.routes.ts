import { ProviderHealthResource } from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import { json, notModified, serviceErrors } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { sendConditionalJson } from '../routing/conditional-json';
import { routeDefiner, type Route } from '../routing/route-definition';

const route = routeDefiner<GatewayContext>();
export const PROVIDER_HEALTH_PATH = '/api/v1/providers/health';

const example: ProviderHealthResource = {
  channels: [
    {
      channel: 'sms',
      replicas: 2,
      reported_at: '2026-12-07T12:00:04.512Z',
      providers: [
        {
          name: 'telnyx',
          circuit: 'closed',
          circuits: { closed: 2, half_open: 0, open: 0 },
          calls: 41,
          error_rate: 0,
          mean_latency_ms: 182,
          demoted: false,
        },
        {
          name: 'twilio',
          circuit: 'open',
          circuits: { closed: 1, half_open: 0, open: 1 },
          calls: 12,
          error_rate: 0.667,
          mean_latency_ms: 1210,
          demoted: true,
        },
      ],
    },
    {
      channel: 'email',
      replicas: 1,
      reported_at: '2026-12-07T12:00:03.020Z',
      providers: [
        {
          name: 'sendgrid',
          circuit: 'closed',
          circuits: { closed: 1, half_open: 0, open: 0 },
          calls: 7,
          error_rate: 0,
          mean_latency_ms: 95,
          demoted: false,
        },
        {
          name: 'smtp',
          circuit: 'closed',
          circuits: { closed: 1, half_open: 0, open: 0 },
          calls: 0,
          error_rate: null,
          mean_latency_ms: null,
          demoted: false,
        },
      ],
    },
    { channel: 'voice', replicas: 0, reported_at: null, providers: [] },
  ],
};

/**
 * The platform's providers as the dispatchers see them. Not tenant data: every tenant shares
 * the providers, and the answer names only providers and their states, so any authenticated
 * client may read it (docs/SECURITY.md).
 */
export const providerHealthRoutes: Route<GatewayContext>[] = [
  route({
    method: 'get',
    path: PROVIDER_HEALTH_PATH,
    operationId: 'getProviderHealth',
    tags: ['Providers'],
    summary: "The providers' health, per channel",
    description:
      'Each channel (`sms`, `email`, `voice`) with its providers in the order the next send tries them, and for each its circuit breaker state, the share of its calls in the last 10 s that failed with a retryable error and their mean duration — as the dispatcher replicas last reported them (every 5 s, and at once when a circuit changes). Platform-wide, the same for every client. With several replicas of a dispatcher, a circuit open on one of them is reported `open` (`circuits` counts each state) and the calls of all replicas add up. A replica silent for three of its intervals is left out; a channel no replica reported on has `replicas: 0` and no providers. Answers carry an `ETag`.',
    request: {},
    responses: {
      '200': json('Every channel and its providers', ProviderHealthResource, { health: example }),
      ...notModified(),
      ...serviceErrors(PROVIDER_HEALTH_PATH),
    },
    security: CLIENT_CREDENTIALS,
    handle(ctx, { req, res }) {
      sendConditionalJson(req, res, ctx.providerHealth.snapshot());
    },
  }),
];
