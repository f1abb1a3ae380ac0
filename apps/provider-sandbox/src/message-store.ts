import type { CallbackAttempt, Provider, SandboxMessage } from './sandbox-message';

/** A message as a provider imitation accepts it, before anything was reported about it. */
export type AcceptedMessage = Omit<SandboxMessage, 'callbacks'>;

export interface MessageFilter {
  /** Exact recipient. */
  to?: string;
  provider?: Provider;
}

/**
 * The slots of the records a provider accepted under one id, oldest first: one slot, or several
 * when SendGrid shared one id across a request's recipients. A lone slot is kept as a number:
 * at capacity the index holds as many entries as the store holds records.
 */
type Slots = number | number[];

// Most messages carry no media and have no callbacks yet: their records share these.
const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_CALLBACKS: readonly CallbackAttempt[] = Object.freeze([]);

const frozenList = <T>(items: readonly T[], empty: readonly T[]): readonly T[] =>
  items.length === 0 ? empty : Object.freeze([...items]);

/**
 * The stored form of a record: every field named, not spread. Objects spread from another take a
 * hidden class of their own (several hundred bytes each at 100,000 records); a literal shares one.
 */
function sealed(message: AcceptedMessage, callbacks: readonly CallbackAttempt[]): SandboxMessage {
  const record: { -readonly [K in keyof SandboxMessage]: SandboxMessage[K] } = {
    provider: message.provider,
    channel: message.channel,
    from: message.from,
    to: message.to,
    subject: message.subject,
    body: message.body,
    html: message.html,
    media: message.media,
    provider_message_id: message.provider_message_id,
    status_callback: message.status_callback,
    custom_args: message.custom_args,
    received_at: message.received_at,
    callbacks,
  };
  if (message.media_files) record.media_files = message.media_files;
  if (message.headers) record.headers = message.headers;
  return Object.freeze(record);
}

/** A frozen copy of what a provider imitation accepted, sharing nothing it could change later. */
function frozen(message: AcceptedMessage): SandboxMessage {
  return sealed(
    {
      ...message,
      media: frozenList(message.media, NO_STRINGS),
      ...(message.media_files
        ? { media_files: Object.freeze(message.media_files.map((f) => Object.freeze({ ...f }))) }
        : {}),
      custom_args: message.custom_args ? Object.freeze({ ...message.custom_args }) : null,
      ...(message.headers ? { headers: Object.freeze({ ...message.headers }) } : {}),
    },
    NO_CALLBACKS,
  );
}

/**
 * Accepted messages in arrival order, in memory: the sandbox's one record of what it accepted
 * and what it reported about each. Bounded so a long-running sandbox under load tests cannot
 * grow without limit: beyond `capacity` (`SANDBOX_MAX_MESSAGES`) the oldest record is dropped.
 */
export class MessageStore {
  // A ring buffer: at capacity every add evicts, and Array#shift would copy the whole array.
  // A record keeps its slot for life, so the index below can point at slots.
  private readonly slots: (SandboxMessage | undefined)[];
  private head = 0;
  private count = 0;
  /** Slots by provider, then by the provider's message id (the records' own strings). */
  private readonly byProviderId = new Map<Provider, Map<string, Slots>>();

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
    const record = frozen(message);
    if (this.count === this.capacity) this.evictOldest();
    const slot = (this.head + this.count) % this.capacity;
    this.slots[slot] = record;
    this.count += 1;
    const index = this.indexOf(record.provider);
    const sharing = index.get(record.provider_message_id);
    if (sharing === undefined) index.set(record.provider_message_id, slot);
    else if (typeof sharing === 'number') index.set(record.provider_message_id, [sharing, slot]);
    else sharing.push(slot);
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
    const out: SandboxMessage[] = [];
    for (const slot of this.slotsOf(provider, providerMessageId)) {
      const record = this.slots[slot];
      if (record) out.push(record);
    }
    return out;
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
    const noted: CallbackAttempt = Object.freeze({
      status: attempt.status,
      attempt: attempt.attempt,
      http_status: attempt.http_status,
      error: attempt.error,
      at: attempt.at,
    });
    for (const slot of this.slotsOf(provider, providerMessageId)) {
      const record = this.slots[slot];
      // The rest of the record is frozen already: only the list of attempts is new.
      if (record) this.slots[slot] = sealed(record, Object.freeze(record.callbacks.concat(noted)));
    }
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.byProviderId.clear();
  }

  private indexOf(provider: Provider): Map<string, Slots> {
    let index = this.byProviderId.get(provider);
    if (!index) {
      index = new Map();
      this.byProviderId.set(provider, index);
    }
    return index;
  }

  private slotsOf(provider: Provider, providerMessageId: string): readonly number[] {
    const slots = this.byProviderId.get(provider)?.get(providerMessageId);
    if (slots === undefined) return [];
    return typeof slots === 'number' ? [slots] : slots;
  }

  private evictOldest(): void {
    const oldest = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    if (!oldest) return;
    const index = this.byProviderId.get(oldest.provider);
    const sharing = index?.get(oldest.provider_message_id);
    // The evicted record is the oldest of its id, so its slot comes first.
    if (typeof sharing === 'number') index!.delete(oldest.provider_message_id);
    else if (sharing) {
      sharing.shift();
      if (sharing.length === 1) index!.set(oldest.provider_message_id, sharing[0]!);
    }
  }
}
