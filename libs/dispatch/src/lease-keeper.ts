import type { DispatchCommand } from '@switchboard/contracts';
import type { DeliveryContext } from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';
import type { DispatchLedger } from './dispatch-ledger';

/** Lease renewals per lease period while a delivery works on a message. */
const LEASE_RENEWALS = 3;

/** A message's lease as the delivery holding it sees it. */
export interface HeldLease {
  /** True once a renewal found the lease gone (another delivery took the message over). */
  lost(): boolean;
}

/**
 * Keeps the delivery's ack deadline and the message's lease alive on a timer while this
 * delivery works on it (provider calls included, however long they take), so no other
 * replica takes a message over from a live owner. `lost()` turns true once a renewal found
 * the lease gone.
 */
export function keepLease(
  deps: { ledger: DispatchLedger; log: Logger; leaseMs: number },
  command: DispatchCommand,
  ctx: DeliveryContext,
): HeldLease & { stop(): void } {
  let lost = false;
  const timer = setInterval(
    () => {
      ctx.working();
      deps.ledger.renew(command.message_id).then(
        (held) => {
          if (!held) lost = true;
        },
        (err: unknown) =>
          deps.log.warn({ err, message_id: command.message_id }, 'lease renewal failed'),
      );
    },
    Math.max(50, Math.floor(deps.leaseMs / LEASE_RENEWALS)),
  );
  return { lost: () => lost, stop: () => clearInterval(timer) };
}

/** Waits in short steps; false if the consumer is stopping or the lease was lost meanwhile. */
export async function hold(ms: number, lease: HeldLease, ctx: DeliveryContext): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (ctx.stopping() || lease.lost()) return false;
    await new Promise((r) => setTimeout(r, Math.min(200, until - Date.now())));
  }
  return !lease.lost();
}
