import { z } from 'zod';
import { baseEnv, natsEnv, positiveInt, postgresEnv } from '@switchboard/config';

/** Settings every dispatcher shares; each app adds its port and provider credentials. */
export const dispatcherEnv = baseEnv
  .extend(natsEnv.shape)
  .extend(postgresEnv.shape)
  .extend({
    /** Messages sent at once across conversations (one at a time within a conversation). */
    DISPATCH_CONCURRENCY: positiveInt(64),
    /** Ledger admissions (and settlements) of concurrent messages made in one statement, at most. */
    DISPATCH_GROUP_MAX: positiveInt(64),
    /** Rounds over every provider before a message is given up and dead-lettered. */
    DISPATCH_MAX_ATTEMPTS: positiveInt(6),
    /** Backoff between rounds: exponential from the base, with jitter, capped; Retry-After wins when longer. */
    DISPATCH_RETRY_BASE_MS: positiveInt(500),
    DISPATCH_RETRY_MAX_MS: positiveInt(30_000),
    /** The longest a provider's Retry-After may hold a message; a longer one counts as this. */
    DISPATCH_RETRY_AFTER_MAX_MS: positiveInt(60_000),
    /** How long one delivery owns a message before another replica may take it over. */
    DISPATCH_LEASE_MS: positiveInt(30_000),
    /**
     * An attempt's `sending` is reported on its own once the attempt has lasted this long; a
     * provider answering sooner has its outcome event carry the step (one status event, not two).
     */
    DISPATCH_SENDING_REPORT_MS: positiveInt(1_000),
    /** Pause before a message waiting for its predecessor is offered again. */
    DISPATCH_ORDER_WAIT_MS: positiveInt(200),
    /**
     * Deliveries of one message that held its lease without settling it (a crash, a hang, a
     * lost lease) before it is dead-lettered as poison. Waits for its turn in the conversation
     * or for another delivery's lease do not count.
     */
    DISPATCH_MAX_DELIVER: positiveInt(10),
    /** Circuit breaker: failure percentage that opens it, and how long it rests before a trial call. */
    CIRCUIT_ERROR_PERCENT: positiveInt(50),
    CIRCUIT_RESET_MS: positiveInt(10_000),
    /** A provider slower than this on average is moved behind the others for a while. */
    PROVIDER_SLOW_MS: positiveInt(5_000),
    PROVIDER_DEMOTE_MS: positiveInt(30_000),
    /** How often each replica publishes its providers' health (and at once on a circuit change). */
    PROVIDER_HEALTH_INTERVAL_MS: positiveInt(5_000),
    /** Per-sender throughput, e.g. `+1*=1/1` (see parsePacingRules); unlimited when unset. */
    SENDER_RATE_LIMITS: z.string().optional(),
  });
export type DispatcherEnv = z.output<typeof dispatcherEnv>;
