import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/** Random bytes are drawn in blocks: one call into the CSPRNG per 256 ids, not two per id. */
const POOL_BYTES = 16 * 256;
let pool = Buffer.alloc(0);
let offset = 0;

function random16(): Buffer {
  if (offset + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  offset += 16;
  return pool.subarray(offset - 16, offset);
}

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps
 * ids from one process strictly increasing within a millisecond, then random bits. Ids sort by
 * creation time, which keeps the primary-key index append-mostly.
 *
 * @example newId() // '01a21c43-e04d-77cc-97ae-1d07b0f7316a'
 */
export function newId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = random16().readUInt16BE(0) & 0x7ff; // leave headroom for increments
  } else {
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted within this millisecond: borrow the next one.
      lastMs += 1;
      counter = 0;
    }
  }
  const bytes = random16();
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
