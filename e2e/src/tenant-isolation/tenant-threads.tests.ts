import type { ConversationPage, MessagePage, MessageResource } from '@switchboard/contracts';
import { claimAddress } from '@switchboard/tenancy';
import { eventually } from '@switchboard/testing';
import { request } from '../api-client';
import { uniqueNumber, type TenantFixture } from '../tenant-fixtures';
import { SEARCH_WORD, type IsolationStack } from './isolation-stack';

/** Conversations are threaded per tenant; an inbound message goes to the tenant of its number. */
export function describeTenantThreads(suite: IsolationStack): void {
  it('threads conversations per tenant: the same pair is two conversations for two tenants', async () => {
    const { a, b } = suite;
    const [x, y] = [uniqueNumber(), uniqueNumber()];
    const ofA = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: x,
      to: y,
      body: '1',
    });
    const ofB = await b.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: y,
      to: x,
      body: '2',
    });
    expect(ofA.body.conversation_id).not.toBe(ofB.body.conversation_id);
    for (const tenant of [a, b]) {
      const page = await tenant.call<ConversationPage>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(x)}`,
      );
      expect(page.body.data).toHaveLength(1);
      expect(page.body.data[0]!.message_count).toBe(1);
    }
  });

  it('attributes inbound messages by the number they were sent to; an unclaimed number parks them', async () => {
    const { sandbox, database, a, b, numberOfA, customer, smsOfA } = suite;
    const inbound = (to: string, body: string) =>
      request<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
        body: { channel: 'sms', from: customer, to, body },
      });
    const inboxOf = (tenant: TenantFixture) =>
      tenant.call<MessagePage>('GET', '/api/v1/messages?direction=inbound&limit=100');

    // To A's claimed number: A's, in the conversation A started with this customer.
    expect((await inbound(numberOfA, `reply to A ${SEARCH_WORD}`)).body.delivered).toBe(true);
    const reply = await eventually(
      async () => (await inboxOf(a)).body.data.find((m) => m.from === customer),
      (m) => m !== undefined,
      { what: 'the reply in A’s inbox' },
    );
    expect(reply!.conversation_id).toBe(smsOfA.conversation_id);
    expect((await inboxOf(b)).body.data.map((m) => m.id)).not.toContain(reply!.id);

    // To a number nobody claimed: kept aside, visible to no tenant…
    const unclaimed = uniqueNumber();
    expect((await inbound(unclaimed, 'to whom it may concern')).body.delivered).toBe(true);
    const parked = await eventually(
      () =>
        database.db
          .selectFrom('parked_inbound')
          .selectAll()
          .where('recipient', '=', unclaimed)
          .execute(),
      (rows) => rows.length === 1,
      { what: 'the parked message' },
    );
    expect(parked[0]!.event_id).toMatch(/^twilio:/);
    for (const tenant of [a, b]) {
      expect((await inboxOf(tenant)).body.data.some((m) => m.to === unclaimed)).toBe(false);
    }

    // …until a tenant claims the number: then it is delivered to that tenant.
    await claimAddress(database.db, { tenantId: b.id, address: unclaimed });
    const released = await eventually(
      async () => (await inboxOf(b)).body.data.find((m) => m.to === unclaimed),
      (m) => m !== undefined,
      { what: 'the released message in B’s inbox' },
    );
    expect(released!.from).toBe(customer);
    expect((await inboxOf(a)).body.data.some((m) => m.to === unclaimed)).toBe(false);
    expect(
      await database.db
        .selectFrom('parked_inbound')
        .select('event_id')
        .where('recipient', '=', unclaimed)
        .execute(),
    ).toEqual([]);
  });
}
