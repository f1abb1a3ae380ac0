import { randomInt, randomUUID } from 'node:crypto';
import { DispatchCommand, Streams, Subjects, partitionOf } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { connectNats, publishEvent, type Nats } from '@switchboard/messaging';
import {
  eventually,
  exactlyOnceInOrder,
  loadOutcome,
  sandboxMessages,
  startMessageLoad,
  type Stack,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';

/** Three times the fault stack's lease (5 s): the provider call outlives it by far. */
const SLOW_MS = 15_000;
const CONVERSATIONS = 20;
const PER_CONVERSATION = 10;
/** Conversations whose first message is slow. */
const SLOW_CONVERSATIONS = 1;

/**
 * Fault test: the dispatch ledger under a slow provider and two dispatcher replicas. What a user
 * would notice: a message whose provider call outlasts the lease is still sent once (the owner
 * keeps its lease while the call runs; no other replica sends it too), the messages queued behind
 * it in its conversation wait their turn without being given up (waits spend no delivery
 * budget), and a dispatch command for a message nobody stored is refused, not sent.
 */
describe('the dispatch ledger with two sms-dispatchers and a provider slower than the lease', () => {
  let faults: FaultStack | undefined;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  let nats: Nats | undefined;
  let database: Db | undefined;

  beforeAll(async () => {
    faults = await startFaultStack({
      replicas: { 'sms-dispatcher': 2 },
      env: {
        // The shipped budget; the provider call may take as long as the slow one does.
        DISPATCH_MAX_DELIVER: '10',
        PROVIDER_TIMEOUT_MS: '30000',
        // One message at a time per replica: while one replica waits on the slow provider, the
        // other takes everything else, the slow message's successors included — the interleaving
        // a lease and the order gate are there for, made certain instead of left to chance.
        DISPATCH_CONCURRENCY: '1',
      },
    });
    ({ stack, gateway, sandbox } = faults);
    nats = await connectNats({
      url: stack.nats.url,
      name: 'ledger-fault-test',
      ...stack.nats.credentials.admin,
    });
    database = createDb({ url: stack.env['DATABASE_URL']!, poolMax: 1 });
  }, 120_000);
  afterAll(async () => {
    await nats?.close();
    await database?.close();
    await faults?.stop();
  });

  it('refuses a dispatch command for a message that was never stored: nothing is sent or recorded', async () => {
    const forged = DispatchCommand.parse({
      message_id: randomUUID(),
      tenant_id: 'dev',
      conversation_id: randomUUID(),
      type: 'sms',
      from: '+15551234567',
      to: `+1555${String(randomInt(0, 9_999_999)).padStart(7, '0')}`,
      subject: null,
      body: 'forged',
      attachments: [],
      accepted_at: new Date().toISOString(),
      sequence: 1,
      generation: 0,
    });
    await publishEvent(
      nats!.js,
      DispatchCommand,
      Subjects.dispatch('sms', partitionOf(forged.conversation_id, 16)),
      forged,
    );

    const deadLetterOf = async (messageId: string) => {
      const stored = await nats!.jsm.streams
        .getMessage(Streams.deadLetter.name, { last_by_subj: Subjects.deadLetter('sms') })
        .catch(() => null);
      const letter = stored?.json<{ command: { message_id: string }; reason: string }>();
      return letter?.command.message_id === messageId ? letter.reason : undefined;
    };
    // Whichever comes first: the refusal, or (the hole) the provider receiving it.
    const seen = await eventually(
      async () => ({
        deadLetter: await deadLetterOf(forged.message_id),
        atProvider: (await sandboxMessages(sandbox, { to: forged.to })).length,
      }),
      (s) => s.deadLetter !== undefined || s.atProvider > 0,
      { what: 'the forged command handled', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(seen).toEqual({ deadLetter: 'no such outbound message', atProvider: 0 });
    const rows = await database!.db
      .selectFrom('dispatch_ledger')
      .select('message_id')
      .where('message_id', '=', forged.message_id)
      .execute();
    expect(rows).toEqual([]);
  }, 60_000);

  it(`sends ${CONVERSATIONS * PER_CONVERSATION} messages over ${CONVERSATIONS} conversations exactly once and in order although one conversation's first message takes ${SLOW_MS / 1000} s at the provider`, async () => {
    const slowRecipients = Array.from(
      { length: SLOW_CONVERSATIONS },
      () => `+1555${String(randomInt(0, 9_999_999)).padStart(7, '0')}`,
    );
    for (const to of slowRecipients) {
      const res = await fetch(`${sandbox}/sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          provider: '*',
          mode: 'latency',
          latency_ms: SLOW_MS,
          to,
          times: 1,
        }),
      });
      expect(res.status).toBe(200);
    }

    const load = startMessageLoad({
      gateway,
      conversations: CONVERSATIONS,
      perConversation: PER_CONVERSATION,
      concurrency: 20,
      recipientOf: (conversation) => slowRecipients[conversation],
      tag: 'ledger',
    });
    const messages = await load.done;
    const heads = slowRecipients.map((_, conversation) =>
      messages.find((m) => m.conversation === conversation && m.n === 1)!,
    );
    // Every slow call must have ended before the provider's records are read: a call still in
    // flight (one a second replica sent again meanwhile) would otherwise hide its duplicate.
    const slowCallsEnd = Math.max(...heads.map((m) => m.answeredAt!)) + SLOW_MS + 2_000;
    await new Promise((r) => setTimeout(r, Math.max(0, slowCallsEnd - Date.now())));
    const outcome = await loadOutcome(gateway, sandbox, messages, 180_000);
    const { actual, expected } = exactlyOnceInOrder(outcome);
    expect(actual).toEqual(expected);
    expect(outcome.received).toBe(CONVERSATIONS * PER_CONVERSATION);

    // The fault really hit: each slow conversation's first message reached the provider only
    // after the slow call, longer than the lease.
    for (const [conversation, to] of slowRecipients.entries()) {
      const head = heads[conversation]!;
      const [first] = await sandboxMessages(sandbox, { to });
      expect(first?.body).toBe(head.body);
      expect(Date.parse(first!.received_at) - head.answeredAt!).toBeGreaterThanOrEqual(SLOW_MS);
    }
  }, 300_000);
});
