/**
 * The most a reply's items may weigh as JSON. A page or a search answer travels back to the
 * gateway in one NATS reply (at most `max_payload`, 1 MiB by default) and 100 emails of 256 KiB
 * weigh 25 MiB: a reply ends early once its items reach this. Its first item is always in it
 * (one message, at its limits, fits in a reply).
 */
export const REPLY_MAX_BYTES = 512 * 1024;

/** What a value weighs in a reply, as UTF-8 JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/**
 * At least what a value weighs as UTF-8 JSON, found without writing it: only string lengths are
 * read. Each UTF-16 unit of a string counts 6 bytes, its longest JSON form (`\u0001`, a lone
 * surrogate), so the bound holds whatever the text is made of.
 */
export function jsonBytesAtMost(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      return 24; // -2.2250738585072014e-308
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      if (Array.isArray(value)) {
        let bytes = 2;
        for (const item of value) bytes += 1 + jsonBytesAtMost(item);
        return bytes;
      }
      // A Date, or anything else that writes itself: weighed as written.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return jsonBytes(value);
      let bytes = 2;
      for (const key in value) {
        bytes +=
          2 + jsonBytesAtMost(key) + jsonBytesAtMost((value as Record<string, unknown>)[key]);
      }
      return bytes;
    }
    default:
      return 4; // undefined in an array: null
  }
}

/**
 * Counts the items of one reply against `maxBytes`. Writing every item out only to weigh it cost
 * about as much as writing the reply (tools/bench, data phase: a search with 50 messages), so
 * items are weighed by `jsonBytesAtMost` until those bounds reach `maxBytes`, and written out
 * only from then on: the items taken are exactly those that exact weighing would take.
 */
export class ReplyWeight {
  private readonly taken: unknown[] = [];
  private bytes = 0;
  private exact = false;

  constructor(private readonly maxBytes = REPLY_MAX_BYTES) {}

  /** Takes `item` if the items taken and it weigh at most `maxBytes`; the first always fits. */
  take(item: unknown): boolean {
    let weight = this.exact ? jsonBytes(item) : jsonBytesAtMost(item);
    if (!this.exact && this.bytes + weight > this.maxBytes) {
      this.exact = true;
      this.bytes = this.taken.reduce<number>((sum, t) => sum + jsonBytes(t), 0);
      weight = jsonBytes(item);
    }
    if (this.taken.length > 0 && this.bytes + weight > this.maxBytes) return false;
    this.taken.push(item);
    this.bytes += weight;
    return true;
  }
}
