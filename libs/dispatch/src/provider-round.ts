import type { DispatchCommand, OutgoingFile } from '@switchboard/contracts';
import type { AttachmentResolver } from '@switchboard/media';
import { ack, nak, type DeliveryContext, type Settlement } from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';
import type { DispatcherEnv } from './dispatcher-config';
import { checkDispatch, type DispatchChecks } from './dispatch-checks';
import type { Admission, DispatchLedger } from './dispatch-ledger';
import type { DispatcherMetrics } from './dispatcher-metrics';
import type { Settlements } from './dispatch-settlement';
import { hold, type HeldLease } from './lease-keeper';
import type { ChainOutcome, ProviderChain } from './provider-chain';
import { backoffMs } from './retry-backoff';
import type { SenderPacing } from './sender-pacing';
import type { SendingStep, StatusReporter } from './status-reporter';

export interface ProviderRoundDeps {
  config: DispatcherEnv;
  log: Logger;
  ledger: DispatchLedger;
  pacing: SenderPacing;
  chain: ProviderChain;
  status: StatusReporter;
  settle: Settlements;
  metrics: DispatcherMetrics;
  checks: DispatchChecks;
  /**
   * Stores, scans and checks a message's attachments before any provider sees them (channels
   * with media). Without it attachments go to the providers as given.
   */
  attachments?: Pick<AttachmentResolver, 'resolve'>;
}

/**
 * Sends a message whose lease a delivery holds, until it is settled: first asks the providers
 * whether an interrupted attempt went out after all, then rounds over the provider chain
 * (failover and circuits inside a round), holding the message in place between rounds with
 * backoff, and dead-letters it once its deliveries or rounds are used up. Each round starts by
 * checking the sender and the recipient's consent in our database (`dispatch-checks`): a refusal
 * fails the message; a database that cannot answer hands the message back to be tried later,
 * and no provider hears of it. Every step checks the lease is still ours; when it is not, the
 * delivery hands its copy back to the one that has it.
 */
export function createProviderRounds(deps: ProviderRoundDeps) {
  const { config, log, ledger, pacing, chain, status, settle, metrics, checks, attachments } = deps;

  /**
   * The provider chain's answer, with the attachments resolved first: a rejected attachment
   * fails the message for good; a scanner that is down is one more retryable round.
   */
  const attempt = async (
    command: DispatchCommand,
    resolved: { done?: boolean; files?: readonly OutgoingFile[] },
  ): Promise<ChainOutcome> => {
    if (attachments && !resolved.done) {
      const resolution = await attachments.resolve(command);
      if (resolution.kind === 'rejected') {
        return { kind: 'permanent', failure: resolution.failure, failures: [resolution.failure] };
      }
      if (resolution.kind === 'held') {
        return { kind: 'retryable', failures: [resolution.failure], retryAfterMs: 0 };
      }
      resolved.files = resolution.files;
      resolved.done = true;
    }
    return chain.send(command, resolved.files);
  };

  /** After a crash mid-call: ask the providers whether the message went out before sending it again. */
  const reconcile = async (command: DispatchCommand, since: Date) => {
    for (const provider of chain.providers) {
      if (!provider.findSent) continue;
      const candidates = await provider
        .findSent(command, new Date(since.getTime() - 60_000))
        .catch(() => []);
      const claimed = await ledger.claimedProviderIds(
        provider.name,
        candidates.map((c) => c.providerMessageId),
      );
      const ours = candidates.find((c) => !claimed.has(c.providerMessageId));
      if (ours) return ours;
    }
    return undefined;
  };

  /** A message whose lease this delivery holds: to the providers, until it is settled. */
  return async function send(
    command: DispatchCommand,
    ctx: DeliveryContext,
    paced: boolean,
    admission: Extract<Admission, { kind: 'proceed' }>,
    lease: HeldLease,
  ): Promise<Settlement> {
    if (admission.entry?.state === 'attempting' && admission.entry.attemptStartedAt) {
      const found = await reconcile(command, admission.entry.attemptStartedAt);
      if (found) {
        if (!(await settle.sent(command, found))) return ack();
        log.info(
          { message_id: command.message_id, provider: found.provider },
          'message found already sent after an interrupted attempt',
        );
        return ack();
      }
    }

    if (admission.deliveries >= config.DISPATCH_MAX_DELIVER) {
      // Poison: this many deliveries held the message and none settled it.
      await settle.deadLetter(
        command,
        {
          provider: null,
          code: 'max_deliveries',
          message: 'Delivered too many times without settling',
        },
        'delivered too many times',
      );
      return ack();
    }

    if (paced) {
      const waitMs = await pacing.reserve(command.from);
      if (waitMs > 0 && !(await hold(waitMs, lease, ctx))) {
        await ledger.release(command.message_id);
        return nak(0);
      }
    }
    const step = status.beginSending(command, config.DISPATCH_SENDING_REPORT_MS, (err) =>
      log.warn({ err, message_id: command.message_id }, 'could not report the message sending'),
    );
    try {
      return await rounds(command, ctx, paced, admission, lease, step);
    } finally {
      // Handed back, or waiting for a retry: the message shows `sending` as before.
      await step.flush();
    }
  };

  /** The rounds of one delivery's attempt, until it is settled or handed back. */
  async function rounds(
    command: DispatchCommand,
    ctx: DeliveryContext,
    paced: boolean,
    admission: Extract<Admission, { kind: 'proceed' }>,
    lease: HeldLease,
    step: SendingStep,
  ): Promise<Settlement> {
    /** The lease went to another delivery: it carries on; this one hands its copy back. */
    const handBack = () => nak(config.DISPATCH_ORDER_WAIT_MS);
    const resolved: { done?: boolean; files?: readonly OutgoingFile[] } = {};
    for (let round = 1; ; round += 1) {
      if ((paced || round > 1) && !(await ledger.attempting(command.message_id))) {
        return handBack();
      }
      const verdict = await checkDispatch(checks, command);
      if (verdict.kind === 'refused') {
        await settle.failed(command, verdict.failure, 'failed', step);
        return ack();
      }
      if (verdict.kind === 'unavailable') {
        // Our own failure, not a provider's: nothing was sent, so the message is left pending
        // for a later delivery, after a backoff that grows with the deliveries it has had.
        metrics.checkUnavailable();
        const delay = backoffMs(
          admission.deliveries + 1,
          config.DISPATCH_RETRY_BASE_MS,
          config.DISPATCH_RETRY_MAX_MS,
        );
        log.warn(
          { err: verdict.error, message_id: command.message_id, delayMs: Math.round(delay) },
          'could not check the sender and consent; will retry',
        );
        const reason = `checks_unavailable ${errorMessage(verdict.error)}`;
        const held = await ledger.pending(command.message_id, reason).catch(() => true);
        if (!held) return handBack();
        await ledger.release(command.message_id).catch(() => undefined);
        return nak(delay);
      }
      const outcome = await attempt(command, resolved);
      if (outcome.kind === 'sent') {
        if (!(await settle.sent(command, outcome.result, step))) return ack();
        log.info(
          {
            message_id: command.message_id,
            provider: outcome.result.provider,
            provider_message_id: outcome.result.providerMessageId,
            failovers: outcome.failovers,
          },
          'message sent',
        );
        return ack();
      }
      if (outcome.kind === 'permanent') {
        await settle.failed(command, outcome.failure, 'failed', step);
        return ack();
      }
      const last = outcome.failures[outcome.failures.length - 1]!;
      if (!(await ledger.pending(command.message_id, `${last.code ?? ''} ${last.message}`))) {
        return handBack();
      }
      if (round >= config.DISPATCH_MAX_ATTEMPTS) {
        await settle.deadLetter(
          command,
          {
            provider: last.provider,
            code: 'attempts_exhausted',
            message: `Every provider failed ${round} times; last: ${last.message}`,
          },
          'attempts exhausted',
          step,
        );
        return ack();
      }
      const delay = backoffMs(
        round,
        config.DISPATCH_RETRY_BASE_MS,
        config.DISPATCH_RETRY_MAX_MS,
        outcome.retryAfterMs,
        config.DISPATCH_RETRY_AFTER_MAX_MS,
      );
      log.warn(
        {
          message_id: command.message_id,
          round,
          delayMs: Math.round(delay),
          providers: outcome.failures.map((f) => f.provider),
        },
        'every provider failed; will retry',
      );
      if (!(await hold(delay, lease, ctx))) {
        await ledger.release(command.message_id);
        return lease.lost() ? handBack() : nak(0);
      }
    }
  }
}
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export type ProviderRounds = ReturnType<typeof createProviderRounds>;
