import { createDispatchLedger } from './dispatch-ledger';
import { sent, unsaved, useLedgerDatabase } from '../test/ledger-database';

describe('the dispatch ledger (PostgreSQL)', () => {
  const { database, ledgerOf, row, command } = useLedgerDatabase();

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
