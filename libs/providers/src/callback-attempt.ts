/**
 * What our status callbacks carry back to us, so each one is applied to the dispatch attempt
 * that asked for it: our message id and its dispatch generation (0 for the first attempt, n after
 * the n-th retry). Twilio signs the whole callback URL, so the query cannot be altered.
 */
export const CallbackParams = {
  messageId: 'message_id',
  generation: 'generation',
} as const;

/** The SendGrid custom arg that carries the dispatch generation (beside the message id's). */
export const SENDGRID_GENERATION_ARG = 'switchboard_generation';

/**
 * The status callback URL for one attempt: `base` with our message id and the attempt's
 * generation in its query.
 *
 * @example statusCallbackFor('https://hooks.example/api/v1/webhooks/twilio', id, 1)
 * // → 'https://hooks.example/api/v1/webhooks/twilio?message_id=<id>&generation=1'
 */
export function statusCallbackFor(base: string, messageId: string, generation: number): string {
  const url = new URL(base);
  url.searchParams.set(CallbackParams.messageId, messageId);
  url.searchParams.set(CallbackParams.generation, String(generation));
  return url.toString();
}

/** A generation as a callback reports it: a non-negative integer, or null when absent or malformed. */
export function parseGeneration(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}
