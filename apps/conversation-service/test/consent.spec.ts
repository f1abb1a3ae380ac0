import { randomUUID } from 'node:crypto';
import { AppError, type InboundMessageEvent } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { consentCheck, setConsentSettings } from '@switchboard/tenancy';
import { answerConsentKeyword } from '../src/handlers/consent-keyword.handler';
import { receiveInbound } from '../src/handlers/receive-inbound.handler';
import type { SendBatchDeps } from '../src/handlers/send-batch.handler';
import { listConversationMessages } from '@switchboard/conversation-queries';
import { newTestTenant, openTestDb, sendOne, smsCommand } from './fixtures';

const PARTITIONS = 16;
let numbers = 0;
/** A phone number no other test of this run uses. */
const newNumber = () =>
  `+1555${String(Date.now() % 1000).padStart(3, '0')}${String(numbers++).padStart(4, '0')}`;

describe('SMS consent keywords (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  let deps: SendBatchDeps;
  const refused: string[] = [];

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
    deps = {
      db: database.db,
      partitions: PARTITIONS,
      onRefused: (_cmd, refusal) => refused.push(refusal.reason),
    };
  });
  afterAll(() => database.close());

  function inbound(from: string, to: string, body: string): InboundMessageEvent {
    return {
      event_id: `test:${randomUUID()}`,
      provider: 'twilio',
      provider_message_id: `SM${randomUUID().replaceAll('-', '')}`,
      type: 'sms',
      from,
      to,
      subject: null,
      body,
      attachments: [],
      received_at: new Date().toISOString(),
    };
  }

  /** The recipient texts `body` to the tenant's number, and the service acts on it. */
  async function reply(tenant: string, event: InboundMessageEvent) {
    const keywords: string[] = [];
    const { outcome } = await receiveInbound({ db: database.db, unclaimedOwner: tenant }, event);
    const keyword = await answerConsentKeyword(
      { send: deps, onKeyword: (k) => keywords.push(k) },
      tenant,
      event,
    );
    return { outcome, keyword, keywords };
  }

  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (err: unknown) => (err instanceof AppError ? err.code : err),
    );

  it('STOP opts the recipient out of that number, confirms once, and later sends are refused', async () => {
    const [ours, theirs, otherOfOurs] = [newNumber(), newNumber(), newNumber()];
    const queued = await sendOne(deps, smsCommand(tenantId, { from: ours, to: theirs }));

    const stop = inbound(theirs, ours, '  stop ');
    const first = await reply(tenantId, stop);
    expect(first).toMatchObject({ outcome: 'stored', keyword: 'opt_out', keywords: ['opt_out'] });
    // The same inbound message delivered again: no second confirmation, nothing counted again.
    expect(await reply(tenantId, stop)).toMatchObject({ outcome: 'duplicate', keywords: [] });

    const conversation = await listConversationMessages(database.db, {
      tenant_id: tenantId,
      id: queued.conversation_id,
      limit: 50,
    });
    const bodies = conversation.data.map((m) => [m.direction, m.body]);
    expect(bodies.filter(([direction]) => direction === 'outbound')).toHaveLength(2);
    const confirmation = conversation.data.find((m) => m.metadata?.['consent_reply']);
    expect(confirmation).toMatchObject({
      direction: 'outbound',
      from: ours,
      to: theirs,
      status: 'queued',
      body: expect.stringContaining('unsubscribed'),
    });
    const stopMessage = conversation.data.find((m) => m.direction === 'inbound');

    const row = await database.db
      .selectFrom('suppressions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('address', '=', theirs)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'phone',
      sender: ours,
      reason: 'opt_out',
      source: stopMessage!.id,
      created_by: 'recipient',
    });

    // At accept: refused before anything is stored.
    expect(await refusalOf(sendOne(deps, smsCommand(tenantId, { from: ours, to: theirs })))).toBe(
      'recipient_opted_out',
    );
    expect(refused).toContain('opt_out');
    // Another number of the tenant may still write (the default scope is the number).
    await sendOne(deps, smsCommand(tenantId, { from: otherOfOurs, to: theirs }));

    // At dispatch: the message queued before STOP is refused; the confirmation goes out.
    const check = consentCheck(database.db);
    expect(
      await check({
        message_id: queued.id,
        tenant_id: tenantId,
        type: 'sms',
        from: ours,
        to: theirs,
      }),
    ).toEqual({ code: 'recipient_opted_out', reason: 'opt_out' });
    expect(
      await check({
        message_id: confirmation!.id,
        tenant_id: tenantId,
        type: 'sms',
        from: ours,
        to: theirs,
      }),
    ).toBeUndefined();
  });

  it('keeps the opt-out confirmation allowed when HELP is answered right after it', async () => {
    const [ours, theirs] = [newNumber(), newNumber()];
    await reply(tenantId, inbound(theirs, ours, 'STOP'));
    await reply(tenantId, inbound(theirs, ours, 'HELP'));
    const queued = await sendOne(deps, smsCommand(tenantId, { from: theirs, to: ours }));
    const replies = (
      await listConversationMessages(database.db, {
        tenant_id: tenantId,
        id: queued.conversation_id,
        limit: 50,
      })
    ).data.filter((m) => m.metadata?.['consent_reply']);
    expect(replies).toHaveLength(2);
    const check = consentCheck(database.db);
    for (const m of replies) {
      expect(
        await check({ message_id: m.id, tenant_id: tenantId, type: 'sms', from: ours, to: theirs }),
      ).toBeUndefined();
    }
  });

  it('START lifts the opt-out and is confirmed; HELP is answered; other texts are ordinary', async () => {
    const [ours, theirs] = [newNumber(), newNumber()];
    await reply(tenantId, inbound(theirs, ours, 'UNSUBSCRIBE'));
    expect((await reply(tenantId, inbound(theirs, ours, 'help'))).keyword).toBe('help');
    expect((await reply(tenantId, inbound(theirs, ours, 'Start'))).keywords).toEqual(['opt_in']);
    expect(await reply(tenantId, inbound(theirs, ours, 'what time do you open?'))).toMatchObject({
      keyword: undefined,
    });

    const sent = await sendOne(deps, smsCommand(tenantId, { from: ours, to: theirs }));
    const replies = (
      await listConversationMessages(database.db, {
        tenant_id: tenantId,
        id: sent.conversation_id,
        limit: 50,
      })
    ).data
      .map((m) => m.metadata?.['consent_reply'])
      .filter(Boolean);
    expect(replies.sort()).toEqual(['help', 'opt_in', 'opt_out']);

    const audit = await database.db
      .selectFrom('suppression_audit')
      .select(['action', 'reason', 'actor'])
      .where('tenant_id', '=', tenantId)
      .where('address', '=', theirs)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'added', reason: 'opt_out', actor: 'recipient' },
      { action: 'removed', reason: 'opt_out', actor: 'recipient' },
    ]);
  });

  it("uses the tenant's own replies and scope; one tenant's opt-outs never touch another's", async () => {
    const wide = await newTestTenant(database);
    const other = await newTestTenant(database);
    await setConsentSettings(database.db, wide, {
      optOutScope: 'tenant',
      optOutReply: 'Acme: you will hear no more from us.',
    });
    const [ours, second, theirs] = [newNumber(), newNumber(), newNumber()];
    await reply(wide, inbound(theirs, ours, 'QUIT'));

    expect(await refusalOf(sendOne(deps, smsCommand(wide, { from: second, to: theirs })))).toBe(
      'recipient_opted_out',
    );
    const allowed = await sendOne(deps, smsCommand(other, { from: ours, to: theirs }));
    expect(allowed.status).toBe('queued');

    const confirmation = await database.db
      .selectFrom('messages')
      .select('body')
      .where('tenant_id', '=', wide)
      .where('to_addr', '=', theirs)
      .executeTakeFirstOrThrow();
    expect(confirmation.body).toBe('Acme: you will hear no more from us.');
  });
});
