const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: ' ',
};

/**
 * A plain-text alternative for an HTML email body: block elements become line breaks,
 * links keep their target, tags are dropped and entities decoded.
 *
 * @example htmlToText('<p>Hi <b>there</b></p>') === 'Hi there'
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|blockquote)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(
      /<a\s[^>]*href=["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi,
      (_m, href: string, label: string) =>
        label.trim() && label.trim() !== href ? `${label} (${href})` : href,
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (m, name: string) => {
      if (ENTITIES[name] !== undefined) return ENTITIES[name];
      const code = /^#\d+$/.test(name)
        ? Number(name.slice(1))
        : /^#x[0-9a-f]+$/i.test(name)
          ? parseInt(name.slice(2), 16)
          : NaN;
      // A code point outside Unicode is left as written rather than failing the whole body.
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
