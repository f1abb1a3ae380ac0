/** A form as `express.urlencoded({ extended: false })` gives it: repeated keys as arrays. */
export type FormFields = Record<string, string | string[]>;

/** body-parser's bound on a form's parameters; a form over it is body-parser's to refuse. */
const PARAMETER_LIMIT = 1000;
/** Keys of word characters only: every key the providers' SDKs send. */
const PLAIN_KEY = /^\w+$/;
/** Brackets, which qs (behind body-parser) reads before anything else. */
const BRACKETS = /[[\]]|%5[bd]/i;

/** A form value decoded as qs decodes UTF-8: `+` is a space, a malformed escape stays as sent. */
function decodeValue(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * Reads a plain `application/x-www-form-urlencoded` body — word-character keys, no brackets, no
 * byte order mark, at most 1,000 parameters: every form the providers' SDKs send — to what
 * `express.urlencoded({ extended: false })` would make of it, in one pass. Answers `undefined`
 * for any other form: only body-parser itself reads those as body-parser does.
 *
 * @example parsePlainForm('To=%2B15551230001&MediaUrl=a&MediaUrl=b') // { To: '+15551230001', MediaUrl: ['a', 'b'] }
 */
export function parsePlainForm(text: string): FormFields | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || BRACKETS.test(text)) return undefined;
  const parts = text.split('&');
  if (parts.length > PARAMETER_LIMIT) return undefined;
  const form: FormFields = {};
  for (const part of parts) {
    const equals = part.indexOf('=');
    const key = equals === -1 ? part : part.slice(0, equals);
    if (!PLAIN_KEY.test(key) || key in Object.prototype) return undefined;
    const value = equals === -1 ? '' : decodeValue(part.slice(equals + 1));
    const seen = form[key];
    if (seen === undefined) form[key] = value;
    else if (typeof seen === 'string') form[key] = [seen, value];
    else seen.push(value);
  }
  return form;
}
