import { randomUUID } from 'node:crypto';
import type { DispatchCommand } from '@switchboard/contracts';
import { createDb, migrateToLatest, type Db } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import { createDispatchLedger } from './dispatch-ledger';

const LEASE_MS = 30_000;
const TENANT = 'ledger-spec';

function unsaved(overrides: Partial<DispatchCommand> = {}): DispatchCommand {
  return {
    message_id: randomUUID(),
    tenant_id: TENANT,
    conversation_id: randomUUID(),
    type: 'sms',
    from: '+15551234567',
    to: '+15559876543',
    subject: null,
    body: 'Hello',
    attachments: [],
    accepted_at: new Date().toISOString(),
    sequence: 1,
    generation: 0,
    ...overrides,
  };
}

const sent = { provider: 'twilio', providerMessageId: () => `SM${randomUUID().replace(/-/g, '')}` };

describe('the dispatch ledger (PostgreSQL)', () => {
  let database: Db;
  const ledgerOf = (owner: string) => createDispatchLedger(database.db, owner, LEASE_MS);
  const row = (messageId: string) =>
    database.db
      .selectFrom('dispatch_ledger')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();

  /** A dispatch command for a message conversation-service really stored. */
  const command = async (overrides: Partial<DispatchCommand> = {}): Promise<DispatchCommand> => {
    const cmd = unsaved(overrides);
    await database.db
      .insertInto('conversations')
      .values({
        id: cmd.conversation_id,
        tenant_id: TENANT,
        channel: 'phone',
        participant_a: cmd.from,
        participant_b: `conversation-${cmd.conversation_id}`,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await database.db
      .insertInto('messages')
      .values({
        id: cmd.message_id,
        tenant_id: TENANT,
        conversation_id: cmd.conversation_id,
        direction: 'outbound',
        type: 'sms',
        from_addr: cmd.from,
        to_addr: cmd.to,
        subject: null,
        body: cmd.body,
        attachments: '[]',
        metadata: '{}',
        status: 'queued',
        provider: null,
        provider_message_id: null,
        encoding: null,
        segments: null,
        error_code: null,
        error_message: null,
        client_timestamp: null,
        dispatch_seq: cmd.sequence,
        idempotency_key: null,
      })
      .execute();
    return cmd;
  };

  beforeAll(async () => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    await migrateToLatest(database.db);
    await database.db
      .insertInto('tenants')
      .values({ id: TENANT, name: 'Ledger spec' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  });
  afterAll(() => database.close());

  it('admits a new message with a lease, marking the attempt when asked to', async () => {
    const ledger = ledgerOf('a');
    const plain = await command();
    expect(await ledger.admit(plain)).toEqual({ kind: 'proceed', entry: undefined, deliveries: 0 });
    expect(await row(plain.message_id)).toMatchObject({
      state: 'pending',
      attempts: 0,
      lease_owner: 'a',
      attempt_started_at: null,
    });

    const attempted = await command();
    expect(await ledger.admit(attempted, { attempt: true })).toEqual({
      kind: 'proceed',
      entry: undefined,
      deliveries: 0,
    });
    const stored = await row(attempted.message_id);
    expect(stored).toMatchObject({ state: 'attempting', attempts: 1, lease_owner: 'a' });
    expect(stored.attempt_started_at).toBeInstanceOf(Date);
    expect(stored.lease_until!.getTime()).toBeGreaterThan(Date.now() + LEASE_MS / 2);
  });

  it('hands an interrupted attempt back with what it knew, so the provider can be asked first', async () => {
    const cmd = await command();
    await ledgerOf('crashed').admit(cmd, { attempt: true });
    await ledgerOf('crashed').release(cmd.message_id);
    const again = await ledgerOf('b').admit(cmd, { attempt: true });
    expect(again.kind).toBe('proceed');
    expect(again.kind === 'proceed' && again.entry).toMatchObject({
      state: 'attempting',
      attempts: 1,
    });
    expect(again.kind === 'proceed' && again.entry?.attemptStartedAt).toBeInstanceOf(Date);
    expect(await row(cmd.message_id)).toMatchObject({ attempts: 2, lease_owner: 'b' });
  });

  it('makes another delivery wait while the lease is held', async () => {
    const cmd = await command();
    await ledgerOf('a').admit(cmd, { attempt: true });
    expect(await ledgerOf('b').admit(cmd, { attempt: true })).toEqual({
      kind: 'wait',
      reason: 'another delivery holds the message',
    });
    expect(await row(cmd.message_id)).toMatchObject({ lease_owner: 'a', attempts: 1 });
  });

  it('keeps a conversation in order: the second message waits until the first is settled', async () => {
    const ledger = ledgerOf('a');
    const first = await command();
    const second = await command({ conversation_id: first.conversation_id, sequence: 2 });
    expect(await ledger.admit(second)).toEqual({
      kind: 'wait',
      reason: 'waiting for message 1 of the conversation',
    });
    await ledger.admit(first, { attempt: true });
    await ledger.settle(first, {
      state: 'sent',
      result: { provider: sent.provider, providerMessageId: sent.providerMessageId() },
    });
    expect((await ledger.admit(second)).kind).toBe('proceed');
  });

  it('answers a settled message as settled, and lets a retry of a later generation start afresh', async () => {
    const ledger = ledgerOf('a');
    const cmd = await command();
    await ledger.admit(cmd, { attempt: true });
    await ledger.settle(cmd, { state: 'failed', error: '30003 Unreachable', provider: 'twilio' });
    const settled = await ledgerOf('b').admit(cmd, { attempt: true });
    expect(settled).toMatchObject({
      kind: 'settled',
      entry: { state: 'failed', provider: 'twilio', lastError: '30003 Unreachable' },
    });
    expect(await row(cmd.message_id)).toMatchObject({ state: 'failed', lease_owner: null });

    const retry = { ...cmd, generation: 1 };
    expect(await ledgerOf('b').admit(retry, { attempt: true })).toEqual({
      kind: 'proceed',
      entry: undefined,
      deliveries: 0,
    });
    expect(await row(cmd.message_id)).toMatchObject({
      state: 'attempting',
      generation: 1,
      attempts: 1,
      last_error: null,
      lease_owner: 'b',
    });
    // A late copy of the first generation's command is obsolete now: it sends nothing.
    expect(await ledgerOf('c').admit(cmd, { attempt: true })).toEqual({
      kind: 'superseded',
      reason: 'generation 1 is current',
    });
    expect(await row(cmd.message_id)).toMatchObject({ generation: 1, lease_owner: 'b' });
  });

  it('settles once: the gate moves forward only, and a sent message records its provider id', async () => {
    const ledger = ledgerOf('a');
    const first = await command();
    const providerMessageId = sent.providerMessageId();
    await ledger.admit(first, { attempt: true });
    await ledger.settle(first, {
      state: 'sent',
      result: { provider: sent.provider, providerMessageId },
    });
    const second = await command({ conversation_id: first.conversation_id, sequence: 2 });
    await ledger.admit(second, { attempt: true });
    await ledger.settle(second, { state: 'failed', error: 'rejected', provider: null });
    // A late, repeated settlement of the first message cannot move the gate back.
    await ledger.settle(first, {
      state: 'sent',
      result: { provider: sent.provider, providerMessageId },
    });
    const gate = await database.db
      .selectFrom('dispatch_sequences')
      .select('next_seq')
      .where('conversation_id', '=', first.conversation_id)
      .executeTakeFirstOrThrow();
    expect(gate.next_seq).toBe(3);
    expect(await row(first.message_id)).toMatchObject({
      state: 'sent',
      provider: 'twilio',
      provider_message_id: providerMessageId,
      lease_owner: null,
    });
    expect(await ledger.claimedProviderIds('twilio', [providerMessageId, 'SMunknown'])).toEqual(
      new Set([providerMessageId]),
    );
  });

  it('admits and settles a burst together, each delivery getting its own answer', async () => {
    const ledger = ledgerOf('burst');
    const conversation = randomUUID();
    // Forty conversations of one message, and one conversation whose second message must wait.
    const singles = await Promise.all(Array.from({ length: 40 }, () => command()));
    const first = await command({ conversation_id: conversation, sequence: 1 });
    const second = await command({ conversation_id: conversation, sequence: 2 });
    const settledBefore = await command();
    await ledger.admit(settledBefore, { attempt: true });
    await ledger.settle(settledBefore, { state: 'failed', error: 'rejected', provider: null });

    const burst = [...singles, second, settledBefore, first];
    const answers = await Promise.all(burst.map((c) => ledger.admit(c, { attempt: true })));
    expect(answers.slice(0, 40).every((a) => a.kind === 'proceed')).toBe(true);
    expect(answers[40]).toEqual({
      kind: 'wait',
      reason: 'waiting for message 1 of the conversation',
    });
    expect(answers[41]).toMatchObject({ kind: 'settled', entry: { lastError: 'rejected' } });
    expect(answers[42]).toEqual({ kind: 'proceed', entry: undefined, deliveries: 0 });

    const ids = singles.map(() => sent.providerMessageId());
    await Promise.all([
      ...singles.map((c, i) =>
        ledger.settle(c, {
          state: 'sent',
          result: { provider: sent.provider, providerMessageId: ids[i]! },
        }),
      ),
      ledger.settle(first, { state: 'failed', error: 'rejected', provider: 'twilio' }),
    ]);
    const rows = await database.db
      .selectFrom('dispatch_ledger')
      .select(['message_id', 'state', 'provider_message_id', 'lease_owner'])
      .where(
        'message_id',
        'in',
        singles.map((c) => c.message_id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.message_id, r]));
    singles.forEach((c, i) =>
      expect(byId.get(c.message_id)).toMatchObject({
        state: 'sent',
        provider_message_id: ids[i],
        lease_owner: null,
      }),
    );
    expect((await ledger.admit(second, { attempt: true })).kind).toBe('proceed');
  });
  describe('guards', () => {
    const SHORT_LEASE_MS = 150;
    /** A delivery whose lease runs out quickly: another may take the message over. */
    const shortLived = (owner: string) => createDispatchLedger(database.db, owner, SHORT_LEASE_MS);
    const leaseRunsOut = () => new Promise((r) => setTimeout(r, SHORT_LEASE_MS * 2));
    const gateOf = async (conversationId: string) =>
      (
        await database.db
          .selectFrom('dispatch_sequences')
          .select('next_seq')
          .where('conversation_id', '=', conversationId)
          .executeTakeFirst()
      )?.next_seq;

    it('refuses a command for a message that was never stored, and records nothing', async () => {
      const forged = unsaved();
      expect(await ledgerOf('a').admit(forged, { attempt: true })).toEqual({ kind: 'unknown' });
      const rows = await database.db
        .selectFrom('dispatch_ledger')
        .select('message_id')
        .where('message_id', '=', forged.message_id)
        .execute();
      expect(rows).toEqual([]);
      expect(await gateOf(forged.conversation_id)).toBeUndefined();
    });

    it('does not let a stale owner overwrite the outcome recorded by the delivery that took over', async () => {
      const cmd = await command();
      const stale = shortLived('stale');
      await stale.admit(cmd, { attempt: true });
      await leaseRunsOut();
      const current = ledgerOf('current');
      expect((await current.admit(cmd, { attempt: true })).kind).toBe('proceed');
      const providerMessageId = sent.providerMessageId();
      const recorded = await current.settle(cmd, {
        state: 'sent',
        result: { provider: sent.provider, providerMessageId },
      });

      const overwritten = await stale.settle(cmd, {
        state: 'failed',
        error: 'timeout',
        provider: 'twilio',
      });
      expect(await row(cmd.message_id)).toMatchObject({
        state: 'sent',
        provider_message_id: providerMessageId,
        last_error: null,
      });
      expect({ recorded, overwritten }).toEqual({ recorded: true, overwritten: false });
    });

    it('never turns a sent message into failed, not even by the delivery that sent it', async () => {
      const ledger = ledgerOf('a');
      const cmd = await command();
      const providerMessageId = sent.providerMessageId();
      await ledger.admit(cmd, { attempt: true });
      await ledger.settle(cmd, {
        state: 'sent',
        result: { provider: sent.provider, providerMessageId },
      });
      const overwritten = await ledger.settle(cmd, {
        state: 'failed',
        error: 'max_deliveries Delivered too many times without settling',
        provider: null,
      });
      expect(await row(cmd.message_id)).toMatchObject({
        state: 'sent',
        provider: 'twilio',
        provider_message_id: providerMessageId,
      });
      expect(overwritten).toBe(false);
    });

    it('ignores attempting, pending and renew from a delivery that lost its lease', async () => {
      const cmd = await command();
      const stale = shortLived('stale');
      await stale.admit(cmd, { attempt: true });
      await leaseRunsOut();
      await ledgerOf('current').admit(cmd, { attempt: true });
      const before = await row(cmd.message_id);
      expect(before).toMatchObject({ state: 'attempting', attempts: 2, lease_owner: 'current' });

      const answers = [
        await stale.attempting(cmd.message_id),
        await stale.pending(cmd.message_id, '503 unavailable'),
        await stale.renew(cmd.message_id),
      ];
      expect(await row(cmd.message_id)).toEqual(before);
      expect(answers).toEqual([false, false, false]);
    });

    it('moves the gate only with the message whose turn it is', async () => {
      const ledger = ledgerOf('a');
      const first = await command();
      const conversation = { conversation_id: first.conversation_id };
      const second = await command({ ...conversation, sequence: 2 });
      const third = await command({ ...conversation, sequence: 3 });
      await ledger.admit(first, { attempt: true });
      await ledger.settle(first, {
        state: 'sent',
        result: { provider: sent.provider, providerMessageId: sent.providerMessageId() },
      });
      expect((await ledger.admit(second, { attempt: true })).kind).toBe('proceed');

      // The third was never admitted: giving it up must not let the fourth pass the second.
      const settled = await ledgerOf('b').settle(third, {
        state: 'failed',
        error: 'gave up',
        provider: null,
      });
      expect(await gateOf(first.conversation_id)).toBe(2);
      expect(settled).toBe(false);
      expect((await ledgerOf('b').admit(third)).kind).toBe('wait');
      expect(await row(second.message_id)).toMatchObject({ state: 'attempting' });
    });

    it('counts only the deliveries that took the lease, not the ones that waited their turn', async () => {
      const ledger = ledgerOf('a');
      const first = await command();
      const second = await command({ conversation_id: first.conversation_id, sequence: 2 });
      for (let i = 0; i < 12; i += 1) expect((await ledger.admit(second)).kind).toBe('wait');
      await ledger.admit(first, { attempt: true });
      for (let i = 0; i < 3; i += 1) {
        expect(await ledgerOf(`other-${i}`).admit(first)).toMatchObject({ kind: 'wait' });
      }
      await ledger.settle(first, {
        state: 'sent',
        result: { provider: sent.provider, providerMessageId: sent.providerMessageId() },
      });

      expect(await ledger.admit(second)).toMatchObject({ kind: 'proceed', deliveries: 0 });
      await ledger.release(second.message_id);
      expect(await ledgerOf('b').admit(second)).toMatchObject({ kind: 'proceed', deliveries: 1 });
    });
  });
});
