import { compile } from 'html-to-text';
import { cutText } from './cut-text';

/**
 * The most HTML converted to text, counted from `<body` when there is one (the head holds
 * styles, not text). Conversion costs about a microsecond per character and a parser's cost
 * grows with nesting (each open element is kept on a stack), so hostile markup — `<b>` ten
 * thousand times — is only harmless when short: 32 KiB keeps the worst case to milliseconds
 * and holds the text of ordinary emails.
 */
export const HTML_TO_TEXT_MAX_CHARS = 32 * 1024;
/** Where `<body` is looked for: a head longer than this is not an email's. */
const BODY_SEARCHED_CHARS = 128 * 1024;
/** Deeper elements are dropped: no real email nests this far, and the walk stays shallow. */
const MAX_DEPTH = 100;
/** Appended when the HTML was longer than what is converted. */
export const CUT_MARKER = '[…]';

const BLOCK = { leadingLineBreaks: 1, trailingLineBreaks: 1 };
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { ...BLOCK, uppercase: false },
}));

const converter = (linkTargets: boolean) =>
  compile({
    // Wrapping is the client's job; it is also html-to-text's costliest step.
    wordwrap: false,
    limits: { maxDepth: MAX_DEPTH },
    selectors: [
      {
        selector: 'a',
        options: linkTargets
          ? { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true }
          : { ignoreHref: true },
      },
      { selector: 'img', format: 'skip' },
      { selector: 'p', options: BLOCK },
      ...HEADINGS,
      { selector: 'ul', options: { itemPrefix: '- ' } },
    ],
  });
const withLinkTargets = converter(true);
const withoutLinkTargets = converter(false);

/**
 * A plain-text alternative for an HTML email body: block elements become line breaks, links
 * keep their target, images, scripts and styles are dropped and entities decoded (a code point
 * outside Unicode becomes U+FFFD, as in a browser). Only the first
 * {@link HTML_TO_TEXT_MAX_CHARS} characters from `<body` (or fewer: `maxChars`) are converted
 * (the text then ends with {@link CUT_MARKER}, unless `markCut` is false), so any input is
 * converted in bounded time. `linkTargets: false` keeps only the labels of links.
 *
 * @example htmlToText('<p>Hi <b>there</b></p>') === 'Hi there'
 */
export function htmlToText(
  html: string,
  {
    maxChars = HTML_TO_TEXT_MAX_CHARS,
    markCut = true,
    linkTargets = true,
  }: { maxChars?: number; markCut?: boolean; linkTargets?: boolean } = {},
): string {
  const body = cutText(html, BODY_SEARCHED_CHARS).search(/<body[\s>]/i);
  const from = body > 0 ? html.slice(body) : html;
  const source = cutText(from, Math.min(maxChars, HTML_TO_TEXT_MAX_CHARS));
  const text = (linkTargets ? withLinkTargets : withoutLinkTargets)(source)
    // A no-break space is a space to a reader of plain text.
    .replaceAll('\u00a0', ' ')
    // Bounded by the source; a run of newlines is matched once, from its first character.
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return markCut && source.length < from.length ? `${text}\n${CUT_MARKER}` : text;
}
