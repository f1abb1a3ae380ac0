// The core entry: buffers only, and a plain `default` export condition that Jest resolves too.
import { fileTypeFromBuffer } from 'file-type/core';

/** How many leading bytes type sniffing reads (enough for every format `file-type` knows). */
export const SNIFF_BYTES = 4_100;

/** Text types a sender may declare for text bytes: text has no magic number to sniff. */
const DECLARABLE_TEXT = new Set([
  'text/plain',
  'text/vcard',
  'text/x-vcard',
  'text/csv',
  'text/calendar',
]);

/** Bytes that read as UTF-8 text without control characters other than tab and line ends. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return false;
  }
  try {
    // A multi-byte character cut at the end of the head is still text.
    new TextDecoder('utf-8', { fatal: true }).decode(
      head.subarray(0, Math.max(0, head.length - 3)),
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of a file from its first bytes (magic numbers, via `file-type`). The declared
 * type is only used to name text (which has none): binary bytes are always typed by what they
 * are, so an executable named `photo.png` is `application/x-elf`, never `image/png`.
 *
 * @example await sniffContentType(pngHead, 'application/octet-stream') // 'image/png'
 */
export async function sniffContentType(head: Uint8Array, declared?: string): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  if (looksLikeText(head)) {
    const base = declared?.split(';')[0]?.trim().toLowerCase();
    return base && DECLARABLE_TEXT.has(base) ? base : 'text/plain';
  }
  return 'application/octet-stream';
}
