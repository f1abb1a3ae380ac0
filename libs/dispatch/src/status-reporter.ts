import {
  dispatchStepEventId,
  StatusEvent,
  Subjects,
  partitionOf,
  type DispatchCommand,
  type MessageStatus,
} from '@switchboard/contracts';
import { publishEvent, type Nats } from '@switchboard/messaging';
import type { LedgerEntry } from './dispatch-ledger';

/** The id of one step of a dispatch: the same on every replica, so JetStream drops repeats. */
export const dispatchEventId = (command: DispatchCommand, step: string) =>
  dispatchStepEventId(command.message_id, command.generation, step);

export type StatusFields = Partial<
  Pick<
    StatusEvent,
    'provider' | 'provider_message_id' | 'error_code' | 'error_message' | 'sending_step'
  >
>;

/**
 * The `sending` step of one delivery's attempt. It is reported on its own only when the attempt
 * outlasts `afterMs` (or ends without an outcome: handed back, retried later); an outcome that
 * comes sooner carries it instead (`fold`), so a provider that answers at once costs one status
 * event, not two, and the message's lifecycle reads the same.
 */
export interface SendingStep {
  /** The step for the outcome event; stops the timer. Null once `sending` is acknowledged. */
  fold(): StatusEvent['sending_step'];
  /** Reports `sending` on its own now unless it was folded or reported already. */
  flush(): Promise<void>;
}

/**
 * Publishes a dispatcher's status events (`sending`, `sent`, `failed`) on the status partition of
 * the message's conversation, for conversation-service to apply.
 */
export function createStatusReporter(input: {
  js: Nats['js'] | Nats['publisher'];
  partitions: number;
}) {
  /** Publishes one of the message's steps; `occurredAt` when it happened (now, unless given). */
  const publish = (
    command: DispatchCommand,
    status: MessageStatus,
    fields: StatusFields = {},
    occurredAt = new Date().toISOString(),
  ) =>
    publishEvent(
      input.js,
      StatusEvent,
      Subjects.status(partitionOf(command.conversation_id, input.partitions)),
      {
        event_id: dispatchEventId(command, status),
        message_id: command.message_id,
        provider: fields.provider ?? null,
        provider_message_id: fields.provider_message_id ?? null,
        status,
        error_code: fields.error_code ?? null,
        error_message: fields.error_message ?? null,
        occurred_at: occurredAt,
        source: 'dispatcher',
        generation: command.generation,
        ...(fields.sending_step ? { sending_step: fields.sending_step } : {}),
      },
      { msgId: dispatchEventId(command, status) },
    );

  /** Starts the `sending` step of an attempt beginning now (see `SendingStep`). */
  const beginSending = (
    command: DispatchCommand,
    afterMs: number,
    onError: (err: unknown) => void,
  ): SendingStep => {
    const step = {
      event_id: dispatchEventId(command, 'sending'),
      occurred_at: new Date().toISOString(),
    };
    let reported: Promise<void> | undefined;
    let acknowledged = false;
    let folded = false;
    const report = () => {
      reported ??= publish(command, 'sending', {}, step.occurred_at).then(
        () => {
          acknowledged = true;
        },
        (err: unknown) => onError(err),
      );
      return reported;
    };
    const timer = setTimeout(() => void report(), afterMs);
    timer.unref();
    return {
      fold() {
        clearTimeout(timer);
        folded = true;
        return acknowledged ? null : step;
      },
      async flush() {
        clearTimeout(timer);
        if (!folded) await report();
      },
    };
  };

  return {
    publish,
    beginSending,
    /**
     * Says the message is held until `until` (quiet hours): a `queued` event with provider status
     * `held`, once per hold (the same hold reported again is dropped as a duplicate).
     */
    async held(command: DispatchCommand, until: Date): Promise<void> {
      const eventId = dispatchEventId(command, `held:${until.getTime()}`);
      await publishEvent(
        input.js,
        StatusEvent,
        Subjects.status(partitionOf(command.conversation_id, input.partitions)),
        {
          event_id: eventId,
          message_id: command.message_id,
          provider: null,
          provider_message_id: null,
          status: 'queued',
          error_code: null,
          error_message: `held for the tenant's quiet hours until ${until.toISOString()}`,
          occurred_at: new Date().toISOString(),
          source: 'dispatcher',
          generation: command.generation,
          provider_status: 'held',
          hold_until: until.toISOString(),
        },
        { msgId: eventId },
      );
    },
    /** Says again what the ledger recorded for a settled message; sends nothing. */
    async reportRecorded(command: DispatchCommand, entry: LedgerEntry): Promise<void> {
      if (entry.state === 'sent') {
        await publish(command, 'sent', {
          provider: entry.provider,
          provider_message_id: entry.providerMessageId,
        });
      } else {
        await publish(command, 'failed', {
          provider: entry.provider,
          error_message: entry.lastError,
        });
      }
    },
  };
}
export type StatusReporter = ReturnType<typeof createStatusReporter>;
