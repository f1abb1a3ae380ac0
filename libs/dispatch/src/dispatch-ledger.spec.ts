import { randomUUID } from 'node:crypto';
import { LEASE_MS, sent, useLedgerDatabase } from '../test/ledger-database';

describe('the dispatch ledger (PostgreSQL)', () => {
  const { database, ledgerOf, row, command } = useLedgerDatabase();

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
});
