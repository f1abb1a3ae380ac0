import { randomUUID } from 'node:crypto';
import { ClientEvent } from '@switchboard/contracts';
import { createDb, migrateToLatest, newId, sql, type Db } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import { claimDue, recordAttempt } from '../src/delivery-store';
import { settle } from '../src/delivery-scheduler';

const limits = { max: 50, perEndpoint: 2, orderWaitAttempts: 2, leaseMs: 60_000 };
const health = { disableAfterMs: 60_000 };
const answered = (statusCode: number | null) => ({
  statusCode,
  durationMs: 5,
  responseBody: statusCode === null ? null : 'ok',
  error: statusCode === null ? 'timeout' : null,
});

describe('webhook deliveries (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;

  const endpoint = async () => {
    const id = newId();
    await database.db
      .insertInto('webhook_endpoints')
      .values({
        id,
        tenant_id: tenantId,
        url: 'http://127.0.0.1:9/',
        description: null,
        event_types: ['*'],
        disabled_reason: null,
        secret: 'whsec_dGVzdA==',
        previous_secret: null,
        previous_secret_expires_at: null,
      })
      .execute();
    return id;
  };
  const delivery = async (endpointId: string, conversationId: string = randomUUID()) => {
    const id = newId();
    await database.db
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpointId,
        tenant_id: tenantId,
        event_id: `evt_${id}`,
        event_type: 'message.status',
        conversation_id: conversationId,
        payload: JSON.stringify({ id }),
        status: 'pending',
      })
      .execute();
    return id;
  };
  /** Claims, keeping only this suite's endpoints' deliveries (other suites share the table). */
  const claim = async (endpoints: string[]) =>
    (await claimDue(database.db, limits)).filter((d) => endpoints.includes(d.endpoint_id));

  beforeAll(async () => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    await migrateToLatest(database.db);
    tenantId = `test-${randomUUID()}`;
    await sql`insert into tenants (id, name) values (${tenantId}, 'hooks')`.execute(database.db);
  });
  afterAll(async () => {
    // The events disabling wrote; no relay runs here.
    await database.db
      .deleteFrom('outbox')
      .where('subject', 'like', `clientevents.${tenantId}.%`)
      .execute();
    await database.close();
  });

  it('keeps at most the per-endpoint limit in flight, whatever the others do', async () => {
    const slow = await endpoint();
    const other = await endpoint();
    for (let i = 0; i < 5; i += 1) await delivery(slow);
    await delivery(other);
    const first = await claim([slow, other]);
    expect(first.filter((d) => d.endpoint_id === slow)).toHaveLength(2);
    expect(first.filter((d) => d.endpoint_id === other)).toHaveLength(1);
    // Nothing more for the slow endpoint while its two are leased.
    expect(await claim([slow, other])).toEqual([]);
    await recordAttempt(database.db, first[0]!, answered(200), { outcome: 'delivered' }, health);
    expect((await claim([slow])).map((d) => d.endpoint_id)).toEqual([slow]);
  });

  it("holds a conversation's later event back while an earlier one is retried, up to a bound", async () => {
    const ep = await endpoint();
    const conversation = randomUUID();
    const earlier = await delivery(ep, conversation);
    const later = await delivery(ep, conversation);
    const [taken] = await claim([ep]);
    expect(taken!.id).toBe(earlier);
    await recordAttempt(
      database.db,
      taken!,
      answered(500),
      { outcome: 'retry', delayMs: 0 },
      health,
    );
    // Tried once (< orderWaitAttempts): the later event still waits; the earlier goes again.
    expect((await claim([ep])).map((d) => d.id)).toEqual([earlier]);
    const again = (await database.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'endpoint_id', 'event_id', 'payload', 'attempts'])
      .where('id', '=', earlier)
      .executeTakeFirstOrThrow()) as Parameters<typeof recordAttempt>[1];
    await recordAttempt(
      database.db,
      again,
      answered(null),
      { outcome: 'retry', delayMs: 60_000 },
      health,
    );
    // Tried twice: the bound is reached, the later event goes on its own.
    expect((await claim([ep])).map((d) => d.id)).toEqual([later]);
  });

  it('410 Gone disables the endpoint; its deliveries wait until it is enabled again', async () => {
    const ep = await endpoint();
    await delivery(ep);
    await delivery(ep);
    const [taken] = await claim([ep]);
    await recordAttempt(
      database.db,
      taken!,
      answered(410),
      settle(answered(410), 1, [1000]),
      health,
    );
    const row = await database.db
      .selectFrom('webhook_endpoints')
      .select(['enabled', 'disabled_reason'])
      .where('id', '=', ep)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ enabled: false, disabled_reason: 'the endpoint answered 410 Gone' });
    expect(await claim([ep])).toEqual([]);
  });

  it('disables an endpoint whose every attempt failed for longer than the window, with an event', async () => {
    const ep = await endpoint();
    for (let i = 0; i < 3; i += 1) await delivery(ep);
    const failing = async () =>
      await database.db
        .selectFrom('webhook_endpoints')
        .select(['enabled', 'failing_since', 'disabled_reason'])
        .where('id', '=', ep)
        .executeTakeFirstOrThrow();
    const [first] = await claim([ep]);
    const retry = { outcome: 'retry', delayMs: 0 } as const;
    expect(await recordAttempt(database.db, first!, answered(500), retry, health)).toBeUndefined();
    const since = (await failing()).failing_since;
    expect(since).toBeInstanceOf(Date);
    // A success clears it: failures before it do not count.
    const [ok] = await claim([ep]);
    await recordAttempt(database.db, ok!, answered(200), { outcome: 'delivered' }, health);
    expect((await failing()).failing_since).toBeNull();
    // Failing again, and for longer than the window: the next failure disables it, once.
    const [next] = await claim([ep]);
    await recordAttempt(database.db, next!, answered(503), retry, health);
    await database.db
      .updateTable('webhook_endpoints')
      .set({ failing_since: new Date(Date.now() - 61_000) })
      .where('id', '=', ep)
      .execute();
    const [last] = await claim([ep]);
    const disabled = await recordAttempt(database.db, last!, answered(null), retry, health);
    expect(disabled).toMatchObject({ id: ep, tenant_id: tenantId });
    expect(await failing()).toMatchObject({
      enabled: false,
      disabled_reason: 'every attempt failed for more than 1 minute',
    });
    const outbox = await database.db
      .selectFrom('outbox')
      .select(['subject', 'msg_id', 'payload'])
      .where('msg_id', '=', disabled!.event_id)
      .execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject).toBe(`clientevents.${tenantId}.webhook_endpoint.disabled`);
    expect(ClientEvent.parse(outbox[0]!.payload)).toMatchObject({
      type: 'webhook_endpoint.disabled',
      tenant_id: tenantId,
      data: {
        endpoint: { id: ep, disabled_reason: 'every attempt failed for more than 1 minute' },
      },
    });
    await database.db.deleteFrom('outbox').where('msg_id', '=', disabled!.event_id).execute();
  });

  it('settles answers: 2xx delivered, 410 gone, others retried until the schedule is spent', () => {
    expect(settle(answered(204), 1, [100])).toEqual({ outcome: 'delivered' });
    expect(settle(answered(410), 1, [100])).toEqual({ outcome: 'gone' });
    expect(settle(answered(503), 1, [100])).toMatchObject({ outcome: 'retry' });
    expect(settle(answered(null), 1, [100])).toMatchObject({ outcome: 'retry' });
    expect(settle(answered(500), 2, [100])).toEqual({ outcome: 'failed' });
    expect(settle(answered(301), 1, [100])).toMatchObject({ outcome: 'retry' });
  });
});
