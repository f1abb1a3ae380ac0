/** The standard (CTIA) keyword sets an inbound SMS/MMS is matched against. */
export const CONSENT_KEYWORDS = {
  optOut: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  optIn: ['START', 'YES', 'UNSTOP'],
  help: ['HELP', 'INFO'],
} as const;

export type ConsentKeyword = 'opt_out' | 'opt_in' | 'help';

/**
 * What an inbound text asks for, or `undefined` for an ordinary message. The whole text must be
 * a keyword (any case, any surrounding whitespace) — except `STOP`, which also counts with text
 * after it ("stop texting me"), since carriers treat it so and a missed STOP is the costly error.
 *
 * @example consentKeywordOf('  Stop please ') // 'opt_out'
 */
export function consentKeywordOf(body: string): ConsentKeyword | undefined {
  const text = body.trim().toUpperCase();
  if (!text) return undefined;
  if ((CONSENT_KEYWORDS.optOut as readonly string[]).includes(text)) return 'opt_out';
  if (/^STOP[\s.,!]/.test(text)) return 'opt_out';
  if ((CONSENT_KEYWORDS.optIn as readonly string[]).includes(text)) return 'opt_in';
  if ((CONSENT_KEYWORDS.help as readonly string[]).includes(text)) return 'help';
  return undefined;
}
