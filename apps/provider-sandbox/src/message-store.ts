import type { Provider, SandboxMessage } from './sandbox-message';

export interface MessageFilter {
  /** Exact recipient. */
  to?: string;
  provider?: Provider;
}

const indexKey = (provider: Provider, providerMessageId: string) =>
  `${provider}:${providerMessageId}`;

/**
 * Accepted messages in arrival order, in memory. Bounded so a long-running sandbox under load
 * tests cannot grow without limit: beyond `capacity` the oldest record is dropped.
 */
export class MessageStore {
  // A ring buffer: at capacity every add evicts, and Array#shift would copy the whole array.
  private readonly slots: (SandboxMessage | undefined)[];
  private head = 0;
  private count = 0;
  /** Lookup by provider id; SendGrid shares one id across a request's recipients. */
  private readonly byProviderId = new Map<string, SandboxMessage[]>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<SandboxMessage | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  add(message: SandboxMessage): void {
    // Frozen copies: records are handed out by reference and must not change under readers.
    const record: SandboxMessage = Object.freeze({
      ...message,
      media: Object.freeze([...message.media]),
      custom_args: message.custom_args ? Object.freeze({ ...message.custom_args }) : null,
    });
    if (this.count === this.capacity) this.evictOldest();
    this.slots[(this.head + this.count) % this.capacity] = record;
    this.count += 1;
    const key = indexKey(record.provider, record.provider_message_id);
    const sharing = this.byProviderId.get(key);
    if (sharing) sharing.push(record);
    else this.byProviderId.set(key, [record]);
  }

  /** Records oldest first, optionally filtered. */
  list(filter: MessageFilter = {}): SandboxMessage[] {
    const out: SandboxMessage[] = [];
    for (let i = 0; i < this.count; i += 1) {
      const record = this.slots[(this.head + i) % this.capacity];
      if (!record) continue;
      if (filter.to !== undefined && record.to !== filter.to) continue;
      if (filter.provider !== undefined && record.provider !== filter.provider) continue;
      out.push(record);
    }
    return out;
  }

  /** Every record a provider accepted under one id, oldest first (empty when unknown or evicted). */
  findByProviderId(provider: Provider, providerMessageId: string): readonly SandboxMessage[] {
    return this.byProviderId.get(indexKey(provider, providerMessageId)) ?? [];
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.byProviderId.clear();
  }

  private evictOldest(): void {
    const oldest = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    if (!oldest) return;
    const key = indexKey(oldest.provider, oldest.provider_message_id);
    const sharing = this.byProviderId.get(key);
    // The evicted record is the oldest of its id, so it sits first in the list.
    sharing?.shift();
    if (sharing && sharing.length === 0) this.byProviderId.delete(key);
  }
}
