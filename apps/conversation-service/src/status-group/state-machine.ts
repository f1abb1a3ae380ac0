import {
  canTransition,
  channelOf,
  dispatchStepEventId,
  type StatusEvent,
} from '@switchboard/contracts';
import type { NewMessageEventRow } from '@switchboard/db';
import { callOutcome } from './call-outcome';
import type { LockedGroup } from './lock-messages';
import {
  providerKey,
  type AppliedTransition,
  type ApplyStatusOutcome,
  type StatusResult,
  type TrackedMessage,
} from './tracked-message';

/** Everything a group of events changes, for `writeGroup` to store at once. */
export interface GroupWrites {
  /** Parked events taken out of the parking lot (their message is known now). */
  unparked: string[];
  /** Events for messages not known yet, to park. */
  toPark: StatusEvent[];
  /** Lifecycle rows, in the order the events were taken. */
  lifecycle: NewMessageEventRow[];
  /** Each message a forward move changed, once. */
  changed: TrackedMessage[];
}

/**
 * Runs a group's events, in the order given, through the forward-only state machine over the
 * locked messages, in memory: exactly what applying them one after another would do. Each
 * event is recorded once (by event id); only a forward move of the current dispatch generation
 * changes a message; a message that learns its provider id takes the callbacks parked for it
 * (`parkedBefore`, then the group's own). Answers one result per event and what to write;
 * `applied` hears of every status change.
 */
export function runStateMachine(
  events: readonly StatusEvent[],
  group: LockedGroup,
  parkedBefore: Map<string, StatusEvent[]>,
  applied: AppliedTransition[],
): { outcomes: StatusResult[]; writes: GroupWrites } {
  const { byId, byProviderId, seen } = group;
  const toPark: StatusEvent[] = [];
  const unparked: string[] = [];
  const lifecycle: NewMessageEventRow[] = [];

  /** One event against the message it is about, as the one-by-one path would apply it. */
  const applyTo = (message: TrackedMessage, reported: StatusEvent): ApplyStatusOutcome => {
    if (seen.has(reported.event_id)) return 'duplicate';
    const implied = impliedSendingStep(message, reported, seen);
    if (implied) applyTo(message, implied);
    seen.add(reported.event_id);
    const event = callOutcome(message, reported);
    // A dispatcher's report about an earlier dispatch generation (before a retry) is history only.
    const current = event.generation === null || event.generation >= message.dispatch_generation;
    if (current) learnCallDetails(message, event);
    const forward = current && canTransition(message.status, event.status);
    lifecycle.push({
      message_id: message.id,
      event_id: event.event_id,
      status: event.status,
      provider: event.provider,
      provider_message_id: event.provider_message_id,
      error_code: event.error_code,
      error_message: event.error_message,
      provider_status: event.provider_status ?? null,
      answered_by: event.answered_by ?? null,
      duration_seconds: event.duration_seconds ?? null,
      applied: forward,
      occurred_at: new Date(event.occurred_at),
    });
    if (!forward) return 'recorded';
    const hadProviderId = message.provider_message_id;
    if (message.provider && hadProviderId) {
      byProviderId.delete(providerKey(message.provider, hadProviderId));
    }
    message.status = event.status;
    message.changed = true;
    if (event.provider) message.provider = event.provider;
    if (event.provider_message_id) message.provider_message_id = event.provider_message_id;
    if (event.error_code !== null) message.error_code = event.error_code;
    if (event.error_message !== null) message.error_message = event.error_message;
    applied.push({
      message_id: message.id,
      status: event.status,
      type: message.type,
      direction: message.direction,
      provider: message.provider,
      error_code: event.error_code,
      error_message: event.error_message,
      occurred_at: event.occurred_at,
      ...(event.provider_status && isFinal(event.status) && channelOf(message.type) === 'voice'
        ? {
            call: {
              provider_status: event.provider_status,
              answered_by: message.answered_by,
              duration_seconds: message.duration_seconds,
            },
          }
        : {}),
    });
    if (message.provider && message.provider_message_id) {
      const key = providerKey(message.provider, message.provider_message_id);
      byProviderId.set(key, message);
      // The message just learnt its provider id: callbacks that raced ahead of it apply now,
      // in the order they arrived (those parked before this group first).
      if (!hadProviderId) {
        const earlier = parkedBefore.get(key) ?? [];
        parkedBefore.delete(key);
        unparked.push(...earlier.map((e) => e.event_id));
        const inGroup = toPark.filter(
          (e) => providerKey(e.provider!, e.provider_message_id!) === key,
        );
        toPark.splice(0, toPark.length, ...toPark.filter((e) => !inGroup.includes(e)));
        for (const parked of [...earlier, ...inGroup]) applyTo(message, parked);
      }
    }
    return 'applied';
  };

  const outcomes = events.map((event): StatusResult => {
    const message = event.message_id
      ? byId.get(event.message_id)
      : event.provider && event.provider_message_id
        ? byProviderId.get(providerKey(event.provider, event.provider_message_id))
        : undefined;
    if (message) return { outcome: applyTo(message, event), message_id: message.id };
    if (event.provider && event.provider_message_id) toPark.push(event);
    return { outcome: 'parked', message_id: event.message_id };
  });

  const changed = [...byId.values()].filter((m) => m.changed);
  return { outcomes, writes: { unparked, toPark, lifecycle, changed } };
}

/**
 * A provider's own report (a callback) about a message still `queued` says the provider had it:
 * its `sending` step happened, though the dispatcher's report of it (the step folded into its
 * outcome, or its own event) may arrive later — under load a callback can overtake it. That step
 * is recorded first, under the event id the dispatcher gives it, so the lifecycle and the client
 * events read `sending` before the callback's status, and the dispatcher's report of the step
 * is then a duplicate. A dispatcher's own `failed` (never sent: opted out, no provider) implies
 * nothing.
 */
function impliedSendingStep(
  message: TrackedMessage,
  event: StatusEvent,
  seen: ReadonlySet<string>,
): StatusEvent | undefined {
  if (event.source !== 'webhook' || message.direction !== 'outbound') return undefined;
  if (message.status !== 'queued' || !canTransition('sending', event.status)) return undefined;
  const eventId = dispatchStepEventId(message.id, message.dispatch_generation, 'sending');
  if (seen.has(eventId)) return undefined;
  return {
    event_id: eventId,
    message_id: message.id,
    provider: event.provider,
    provider_message_id: null,
    status: 'sending',
    error_code: null,
    error_message: null,
    occurred_at: event.occurred_at,
    source: 'dispatcher',
    generation: message.dispatch_generation,
  };
}

/** Who answered a call and how long it lasted, as soon as any current event says. */
const isFinal = (status: string) =>
  status === 'delivered' || status === 'failed' || status === 'undelivered';

function learnCallDetails(message: TrackedMessage, event: StatusEvent): void {
  if (event.answered_by && event.answered_by !== message.answered_by) {
    message.answered_by = event.answered_by;
    message.changed = true;
  }
  if (event.duration_seconds != null && event.duration_seconds !== message.duration_seconds) {
    message.duration_seconds = event.duration_seconds;
    message.changed = true;
  }
}
