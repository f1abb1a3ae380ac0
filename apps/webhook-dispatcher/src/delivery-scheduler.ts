import type { SecretBox } from '@switchboard/config';
import type { Database, Kysely } from '@switchboard/db';
import type { EndpointPolicy } from '@switchboard/net-guard';
import { detached, type Logger } from '@switchboard/observability';
import { claimDue, recordAttempt, type ClaimedDelivery, type Settlement } from './delivery-store';
import { nextRetryDelay } from './retry-schedule';
import { sendSigned, type AttemptResult } from './signed-request';

export interface DeliverySchedulerOptions {
  db: Kysely<Database>;
  log: Logger;
  policy: EndpointPolicy;
  /** Opens the endpoints' stored signing secrets (WEBHOOK_SECRETS_KEY). */
  secrets: SecretBox;
  timeoutMs: number;
  retrySchedule: readonly number[];
  concurrency: number;
  perEndpoint: number;
  orderWaitAttempts: number;
  pollMs: number;
  /** An endpoint every attempt to which has failed for this long is disabled. */
  disableAfterMs: number;
  /** Hears of each attempt and what it came to (metrics). */
  onAttempt?: (result: AttemptResult, settlement: Settlement) => void;
  /** Hears of each endpoint an attempt disabled (metrics). */
  onDisabled?: () => void;
}

/** What an answer means for its delivery. */
export function settle(
  result: AttemptResult,
  attempts: number,
  schedule: readonly number[],
): Settlement {
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300) return { outcome: 'delivered' };
  if (code === 410) return { outcome: 'gone' };
  const delayMs = nextRetryDelay(schedule, attempts);
  return delayMs === undefined ? { outcome: 'failed' } : { outcome: 'retry', delayMs };
}

/**
 * Sends due deliveries, each endpoint on its own: claims are limited per endpoint, so a slow
 * or dead endpoint occupies at most its own few slots (for at most the timeout each) while
 * every other endpoint's deliveries go on. Woken when deliveries are queued; polls otherwise.
 */
export function createDeliveryScheduler(options: DeliverySchedulerOptions) {
  const { db, log } = options;
  const leaseMs = options.timeoutMs * 2 + 5_000;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let claiming = false;
  let again = false;
  const inFlight = new Set<Promise<void>>();

  const attempt = async (delivery: ClaimedDelivery) => {
    const open = (stored: string) => options.secrets.open(stored, delivery.endpoint_id);
    const secrets = [open(delivery.secret)];
    if (
      delivery.previous_secret &&
      delivery.previous_secret_expires_at &&
      delivery.previous_secret_expires_at.getTime() > Date.now()
    ) {
      secrets.push(open(delivery.previous_secret));
    }
    const result = await sendSigned({
      url: delivery.url,
      eventId: delivery.event_id,
      body: JSON.stringify(delivery.payload),
      secrets,
      timeoutMs: options.timeoutMs,
      policy: options.policy,
    });
    const settlement = settle(result, delivery.attempts + 1, options.retrySchedule);
    const disabled = await recordAttempt(db, delivery, result, settlement, {
      disableAfterMs: options.disableAfterMs,
    });
    options.onAttempt?.(result, settlement);
    if (disabled) {
      log.warn(
        {
          endpoint_id: disabled.id,
          tenant_id: disabled.tenant_id,
          failing_since: disabled.failing_since.toISOString(),
          reason: disabled.reason,
          event_id: disabled.event_id,
        },
        'webhook endpoint disabled',
      );
      options.onDisabled?.();
    }
    if (settlement.outcome !== 'delivered' && settlement.outcome !== 'retry') {
      log.warn(
        {
          endpoint_id: delivery.endpoint_id,
          event_id: delivery.event_id,
          outcome: settlement.outcome,
        },
        'webhook delivery given up',
      );
    }
  };

  const claimRound = async () => {
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const claimed = await claimDue(db, {
          max: options.concurrency - inFlight.size,
          perEndpoint: options.perEndpoint,
          orderWaitAttempts: options.orderWaitAttempts,
          leaseMs,
        });
        for (const delivery of claimed) {
          const task: Promise<void> = attempt(delivery)
            .catch((err: unknown) =>
              // The lease runs out and the delivery is claimed again.
              log.warn({ err, delivery_id: delivery.id }, 'webhook attempt could not be recorded'),
            )
            .finally(() => {
              inFlight.delete(task);
              // A finished attempt may let the next event of its conversation go.
              if (running) schedule(0);
            });
          inFlight.add(task);
        }
        if (claimed.length > 0) again = true;
      } while (again && running && inFlight.size < options.concurrency);
    } catch (err) {
      log.warn({ err }, 'claiming webhook deliveries failed; retrying');
    } finally {
      claiming = false;
    }
  };

  const schedule = (delayMs: number) => {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void claimRound().finally(() => {
        if (running) {
          clearTimeout(timer);
          timer = setTimeout(() => schedule(0), options.pollMs);
        }
      });
    }, delayMs);
  };

  return {
    start() {
      running = true;
      schedule(0);
    },
    /** Deliveries were queued: look now rather than at the next poll. */
    wake() {
      if (running) detached(() => schedule(0));
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
