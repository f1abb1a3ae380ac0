import type { Channel, DispatchCommand, SendResult } from '@switchboard/contracts';
import type { Nats } from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';
import { publishDeadLetter } from './dead-letter';
import type { DispatchLedger } from './dispatch-ledger';
import type { DispatcherMetrics } from './dispatcher-metrics';
import type { SendingStep, StatusReporter } from './status-reporter';

/** Why a message failed, as its status event and the ledger tell it. */
export interface SettledFailure {
  provider: string | null;
  code: string | null;
  message: string;
}

/**
 * Records the outcome of a message this delivery holds: in the ledger first (only while the
 * lease is ours), then as a status event and a metric. A settlement the ledger refuses is never
 * reported as ours: another delivery took the message over or settled it.
 */
export function createSettlements(input: {
  ledger: DispatchLedger;
  status: StatusReporter;
  metrics: DispatcherMetrics;
  js: Nats['js'];
  channel: Channel;
  log: Logger;
}) {
  const { ledger, status, metrics, log } = input;

  /**
   * When a settlement did not apply, another delivery took the message over or settled it:
   * its recorded outcome is reported if there is one, and nothing is overwritten.
   */
  const refused = async (command: DispatchCommand, attempted: string) => {
    const entry = await ledger.entry(command.message_id);
    const settled =
      entry !== undefined &&
      entry.generation === command.generation &&
      (entry.state === 'sent' || entry.state === 'failed');
    if (settled) await status.reportRecorded(command, entry);
    metrics.outcome(entry?.provider, 'lease_lost');
    log.error(
      { message_id: command.message_id, attempted, recorded: entry?.state },
      'the outcome was not recorded: another delivery holds or settled the message',
    );
  };

  /**
   * Settles the message sent; false if that did not apply. `step`: the attempt's `sending` step,
   * carried by the outcome event unless it was reported on its own.
   */
  const sent = async (
    command: DispatchCommand,
    result: SendResult,
    step?: SendingStep,
  ): Promise<boolean> => {
    if (!(await ledger.settle(command, { state: 'sent', result }))) {
      await refused(command, 'sent');
      return false;
    }
    await status.publish(command, 'sent', {
      provider: result.provider,
      provider_message_id: result.providerMessageId,
      sending_step: step?.fold() ?? null,
    });
    metrics.outcome(result.provider, 'sent');
    return true;
  };

  /** Settles the message failed; false if that did not apply. */
  const failed = async (
    command: DispatchCommand,
    failure: SettledFailure,
    outcome: string,
    step?: SendingStep,
  ): Promise<boolean> => {
    const recorded = await ledger.settle(command, {
      state: 'failed',
      error: `${failure.code ?? ''} ${failure.message}`.trim(),
      provider: failure.provider,
    });
    if (!recorded) {
      await refused(command, 'failed');
      return false;
    }
    await status.publish(command, 'failed', {
      provider: failure.provider,
      error_code: failure.code ?? 'provider_error',
      error_message: failure.message,
      sending_step: step?.fold() ?? null,
    });
    metrics.outcome(failure.provider, outcome);
    log.warn(
      { message_id: command.message_id, provider: failure.provider, code: failure.code, outcome },
      'message failed',
    );
    return true;
  };

  /** Gives a held message up: failed in the ledger first, then its command to the dead letters. */
  const deadLetter = async (
    command: DispatchCommand,
    failure: SettledFailure & { code: string },
    reason: string,
    step?: SendingStep,
  ): Promise<void> => {
    if (!(await failed(command, failure, 'dead_lettered', step))) return;
    await publishDeadLetter(input.js, input.channel, command, reason);
  };

  return { sent, failed, deadLetter };
}
export type Settlements = ReturnType<typeof createSettlements>;
