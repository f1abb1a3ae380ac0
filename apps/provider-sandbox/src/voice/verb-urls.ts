import type { WebhookMethod } from './call-dialects';
import type { TwimlElement } from './twiml-reader';

/**
 * A URL a verb names (`action`, `<Redirect>`, a callback), resolved against its document's URL
 * as the provider resolves it; undefined when absent or unusable.
 */
export function resolveUrl(target: string | undefined, base: string | null): string | undefined {
  if (!target) return undefined;
  try {
    return new URL(target, base ?? undefined).toString();
  } catch {
    return undefined;
  }
}

/** A verb's `method`: POST unless it says GET. */
export const methodOf = (verb: TwimlElement): WebhookMethod =>
  verb.attributes.method?.toUpperCase() === 'GET' ? 'GET' : 'POST';
