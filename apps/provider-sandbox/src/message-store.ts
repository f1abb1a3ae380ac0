import type { CallbackAttempt, Provider, SandboxMessage } from './sandbox-message';

/** A message as a provider imitation accepts it, before anything was reported about it. */
export type AcceptedMessage = Omit<SandboxMessage, 'callbacks'>;

export interface MessageFilter {
  /** Exact recipient. */
  to?: string;
  provider?: Provider;
}

const indexKey = (provider: Provider, providerMessageId: string) =>
  `${provider}:${providerMessageId}`;

function frozen(message: SandboxMessage): SandboxMessage {
  return Object.freeze({
    ...message,
    media: Object.freeze([...message.media]),
    ...(message.media_files
      ? { media_files: Object.freeze(message.media_files.map((f) => Object.freeze({ ...f }))) }
      : {}),
    custom_args: message.custom_args ? Object.freeze({ ...message.custom_args }) : null,
    callbacks: Object.freeze(message.callbacks.map((attempt) => Object.freeze({ ...attempt }))),
  });
}

/**
 * Accepted messages in arrival order, in memory: the sandbox's one record of what it accepted
 * and what it reported about each. Bounded so a long-running sandbox under load tests cannot
 * grow without limit: beyond `capacity` the oldest record is dropped.
 */
export class MessageStore {
  // A ring buffer: at capacity every add evicts, and Array#shift would copy the whole array.
  // A record keeps its slot for life, so the index below can point at slots.
  private readonly slots: (SandboxMessage | undefined)[];
  private head = 0;
  private count = 0;
  /** Slots by provider id, oldest first; SendGrid shares one id across a request's recipients. */
  private readonly byProviderId = new Map<string, number[]>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<SandboxMessage | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Keeps a frozen copy (records are handed out by reference and must not change under readers). */
  add(message: AcceptedMessage): SandboxMessage {
    const record = frozen({ ...message, callbacks: [] });
    if (this.count === this.capacity) this.evictOldest();
    const slot = (this.head + this.count) % this.capacity;
    this.slots[slot] = record;
    this.count += 1;
    const key = indexKey(record.provider, record.provider_message_id);
    const sharing = this.byProviderId.get(key);
    if (sharing) sharing.push(slot);
    else this.byProviderId.set(key, [slot]);
    return record;
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
    const slots = this.byProviderId.get(indexKey(provider, providerMessageId)) ?? [];
    return slots.map((slot) => this.slots[slot]).filter((m): m is SandboxMessage => !!m);
  }

  /**
   * Notes a callback attempt on every record sharing the id (a SendGrid event batch reports on
   * all of a request's recipients at once). A record evicted or cleared meanwhile is not revived.
   */
  addCallbackAttempt(
    provider: Provider,
    providerMessageId: string,
    attempt: CallbackAttempt,
  ): void {
    for (const slot of this.byProviderId.get(indexKey(provider, providerMessageId)) ?? []) {
      const record = this.slots[slot];
      if (record)
        this.slots[slot] = frozen({ ...record, callbacks: [...record.callbacks, attempt] });
    }
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
    // The evicted record is the oldest of its id, so its slot sits first in the list.
    sharing?.shift();
    if (sharing && sharing.length === 0) this.byProviderId.delete(key);
  }
}
