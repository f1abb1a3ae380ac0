import { createHash } from 'node:crypto';
import {
  extractEmailAddress,
  normalizeEmail,
  normalizePhone,
  type CountryCode,
} from '@switchboard/addressing';
import { InboundMessageEvent, Limits, StatusEvent, toStorableText } from '@switchboard/contracts';
import { cutText } from '@switchboard/text';
import type { z } from 'zod';

/** What one webhook turned into: contract events to publish, and what was deliberately skipped. */
export interface NormalizedWebhook {
  statuses: StatusEvent[];
  inbound: InboundMessageEvent[];
  /** Descriptions of events that carry no status we track (e.g. `deferred`, `spamreport`). */
  ignored: string[];
}

/** A webhook whose content is not what the provider's format promises. */
export class WebhookFormatError extends Error {
  override readonly name = 'WebhookFormatError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The longest event id the contracts accept. */
const MAX_EVENT_ID_CHARS = 200;

/**
 * The id of an inbound event: the provider's message id scoped by the recipient it was delivered
 * to (the recipient decides the tenant, so no key is shared across tenants); a digest of both
 * when that would be longer than an event id may be.
 *
 * @example inboundEventId('twilio', 'SM123', '+15550001111') // 'twilio:SM123:+15550001111'
 */
export function inboundEventId(provider: string, providerMessageId: string, to: string): string {
  const plain = `${provider}:${providerMessageId}:${to}`;
  if (plain.length <= MAX_EVENT_ID_CHARS) return plain;
  const digest = createHash('sha256').update(`${providerMessageId}\u0000${to}`).digest('hex');
  return `${provider}:${digest}`;
}

export const emptyResult = (): NormalizedWebhook => ({ statuses: [], inbound: [], ignored: [] });

/**
 * Normalises an address a provider reported. A short code or alphanumeric sender cannot become
 * E.164; it is kept as given rather than losing the message. A value longer than any address
 * is refused before anything reads it.
 */
export function normalizeReported(raw: string, defaultCountry: string): string {
  if (raw.length > Limits.addressChars) {
    throw new WebhookFormatError(
      'address',
      `an address is at most ${Limits.addressChars} characters`,
    );
  }
  const value = raw.trim();
  try {
    return value.includes('@')
      ? normalizeEmail(extractEmailAddress(value))
      : normalizePhone(value, defaultCountry as CountryCode);
  } catch {
    return value;
  }
}

/**
 * `payload` parsed with its schema (a provider webhook schema from contracts, or an event's); what
 * the schema refuses is a `WebhookFormatError` naming the first wrong field.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  refused: string,
): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookFormatError(issue?.path.join('.') || 'body', issue?.message ?? refused);
  }
  return parsed.data;
}

export function required(params: Readonly<Record<string, unknown>>, field: string): string {
  const value = params[field];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new WebhookFormatError(field, `${field} is required`);
  }
  return text;
}

/** Replaces what PostgreSQL cannot store (NUL, unpaired surrogates) with U+FFFD. */
function storable<T>(value: T): T {
  if (typeof value === 'string') {
    return toStorableText(value) as T;
  }
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
  }
  return value;
}

/**
 * An inbound message cut to what is kept of it: the first `Limits.inboundSmsBodyChars`
 * (SMS/MMS) or `Limits.inboundEmailBodyChars` (email) of its body and `Limits.subjectChars` of
 * its subject. The customer's message is kept rather than refused: a refused webhook is retried
 * by the provider and finally dropped, and the start of a message is what a reader needs.
 */
function withinInboundLimits(event: InboundMessageEvent): InboundMessageEvent {
  const bodyChars =
    event.type === 'email' ? Limits.inboundEmailBodyChars : Limits.inboundSmsBodyChars;
  return {
    ...event,
    subject: event.subject === null ? null : cutText(event.subject, Limits.subjectChars),
    body: cutToJsonBytes(cutText(event.body, bodyChars), INBOUND_BODY_JSON_BYTES),
  };
}

/**
 * The most an inbound body may take as JSON. The event travels as one NATS message (1 MiB at
 * most) beside its other fields, and a character can take up to six bytes there (`\u0001`): a
 * body within its character limit can still be too large to publish, which would refuse the
 * webhook for good.
 */
const INBOUND_BODY_JSON_BYTES = 768 * 1024;

/** `text` cut until its JSON form fits `bytes`; each pass is linear and shortens it. */
function cutToJsonBytes(text: string, bytes: number): string {
  let cut = text;
  for (;;) {
    const size = Buffer.byteLength(JSON.stringify(cut));
    if (size <= bytes) return cut;
    cut = cutText(cut, Math.floor(cut.length * (bytes / size) * 0.95));
  }
}

/**
 * The last step of every normalisation: inbound text cut to its limits, text made storable (a
 * stray NUL in a provider's message must not make it a poison message that is retried forever),
 * and every event checked against its contract, so a webhook whose content cannot be an event
 * (an address no provider could have reported) is a 400, not a failed publish.
 */
export function finalizeWebhook(result: NormalizedWebhook): NormalizedWebhook {
  return {
    statuses: result.statuses.map((e) => parseWith(StatusEvent, storable(e), 'invalid event')),
    inbound: result.inbound.map((e) =>
      parseWith(InboundMessageEvent, storable(withinInboundLimits(e)), 'invalid event'),
    ),
    ignored: storable(result.ignored),
  };
}
