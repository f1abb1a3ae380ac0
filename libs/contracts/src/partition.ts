const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a 32-bit hash of the UTF-8 bytes of `input`: the same hash nats-server uses for its
 * `{{partition(n, ...)}}` subject-mapping function, so the broker can take partitioning over.
 *
 * @example fnv1a32('a') === 0xe40c292c
 */
export function fnv1a32(input: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of Buffer.from(input, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The partition a conversation's work travels on: FNV-1a-32(conversation id) mod `partitions`.
 * Every message of one conversation lands on the same partition, which keeps them in order.
 *
 * @example partitionOf('0192f0c4-...', 16) // → 0..15
 */
export function partitionOf(conversationId: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  return fnv1a32(conversationId) % partitions;
}
