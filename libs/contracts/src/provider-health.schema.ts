import { z } from 'zod';
import { CHANNELS } from './subjects';

export const CIRCUIT_STATES = ['closed', 'half_open', 'open'] as const;
export const CircuitState = z
  .enum(CIRCUIT_STATES)
  .describe(
    '`closed`: calls go through; `open`: too many recent calls failed and the provider is skipped; `half_open`: the rest is over and the next call is its trial',
  );
export type CircuitState = z.infer<typeof CircuitState>;

const ErrorRate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe(
    'Share of the calls in the last 10 s that failed with a retryable error (0–1); null without calls',
  );
const MeanLatency = z
  .number()
  .min(0)
  .nullable()
  .describe('Mean duration of the calls in the last 10 s, in milliseconds; null without calls');
const Calls = z.number().int().min(0).describe('Calls made to the provider in the last 10 s');

/** One provider of a channel as one dispatcher replica sees it. */
export const ProviderHealthEntry = z.object({
  name: z.string().min(1).max(64),
  /** Its place in the configured chain (0 first): the order it returns to once healthy. */
  position: z.number().int().min(0),
  circuit: CircuitState,
  calls: Calls,
  error_rate: ErrorRate,
  mean_latency_ms: MeanLatency,
  /** Moved behind the healthy providers for a while (failing or slow). */
  demoted: z.boolean(),
});
export type ProviderHealthEntry = z.infer<typeof ProviderHealthEntry>;

/**
 * What a dispatcher replica publishes on `providerhealth.<channel>` every
 * `PROVIDER_HEALTH_INTERVAL_MS` and whenever a circuit changes: its providers in the order its
 * next send tries them. `interval_ms` tells a reader when to stop trusting a replica that fell
 * silent.
 */
export const ProviderHealthReport = z.object({
  channel: z.enum(CHANNELS),
  instance: z.string().min(1).max(200),
  interval_ms: z.number().int().positive(),
  reported_at: z.iso.datetime(),
  providers: z.array(ProviderHealthEntry).max(16),
});
export type ProviderHealthReport = z.infer<typeof ProviderHealthReport>;

/** One provider of a channel, over every dispatcher replica that reported. */
export const ProviderHealth = z
  .object({
    name: z.string().meta({ description: 'The provider', examples: ['twilio'] }),
    circuit: CircuitState.describe(
      'The worst circuit state any replica reports: `open` when one replica skips the provider',
    ),
    circuits: z
      .object({
        closed: z.number().int().describe('Replicas whose circuit for it is closed'),
        half_open: z.number().int().describe('Replicas waiting for its trial call'),
        open: z.number().int().describe('Replicas skipping it'),
      })
      .describe('How many replicas report each circuit state'),
    calls: Calls.describe('Calls made to the provider in the last 10 s, over every replica'),
    error_rate: ErrorRate,
    mean_latency_ms: MeanLatency,
    demoted: z
      .boolean()
      .describe('Moved behind the healthy providers (failing or slow) by at least one replica'),
  })
  .describe('A provider of the channel and how it fares');
export type ProviderHealth = z.infer<typeof ProviderHealth>;

export const ChannelProviderHealth = z.object({
  channel: z.enum(CHANNELS).describe('`sms` (SMS and MMS), `email` or `voice` (calls, voicemail)'),
  replicas: z
    .number()
    .int()
    .describe(
      'Dispatcher replicas of the channel that reported recently; 0: none running, or none heard from yet',
    ),
  reported_at: z
    .string()
    .nullable()
    .describe('When the newest of their reports was made (ISO 8601, UTC); null without one'),
  providers: z
    .array(ProviderHealth)
    .describe(
      'In the order a send tries them: an open circuit last, a demoted provider behind the healthy ones, otherwise the configured order',
    ),
});
export type ChannelProviderHealth = z.infer<typeof ChannelProviderHealth>;

/** `GET /api/v1/providers/health`: every channel, in `CHANNELS` order. */
export const ProviderHealthResource = z
  .object({
    channels: z
      .array(ChannelProviderHealth)
      .describe('Every channel, `sms`, `email` and `voice` in that order'),
  })
  .describe('The providers of every channel, as the dispatchers last reported them');
export type ProviderHealthResource = z.infer<typeof ProviderHealthResource>;
