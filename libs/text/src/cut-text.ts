/**
 * The first `maxChars` UTF-16 code units of `text`, one fewer when the cut would split a
 * surrogate pair (an emoji is kept whole or dropped whole, never halved). O(1): the point is
 * to bound text before anything walks it.
 *
 * @example cutText('ab😀', 3) === 'ab'
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = Math.max(0, maxChars);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}
