import {
  extractEmailAddress,
  normalizeEmail,
  normalizePhone,
  type CountryCode,
} from '@switchboard/addressing';
import type { InboundMessageEvent, StatusEvent } from '@switchboard/contracts';

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

export const emptyResult = (): NormalizedWebhook => ({ statuses: [], inbound: [], ignored: [] });

/**
 * Normalises an address a provider reported. A short code or alphanumeric sender cannot become
 * E.164; it is kept as given rather than losing the message.
 */
export function normalizeReported(raw: string, defaultCountry: string): string {
  const value = raw.trim();
  try {
    return value.includes('@')
      ? normalizeEmail(extractEmailAddress(value))
      : normalizePhone(value, defaultCountry as CountryCode);
  } catch {
    return value;
  }
}

export function required(params: Readonly<Record<string, unknown>>, field: string): string {
  const value = params[field];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new WebhookFormatError(field, `${field} is required`);
  }
  return text;
}
