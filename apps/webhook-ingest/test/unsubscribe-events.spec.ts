import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { ClientEvent } from '@switchboard/contracts';
import { createDb, migrateToLatest, sql, type Db } from '@switchboard/db';
import { createLogger, createMetrics } from '@switchboard/observability';
import { signUnsubscribeToken, UNSUBSCRIBE_PATH } from '@switchboard/tenancy';
import { testEnv } from '@switchboard/testing';
import { unsubscribeRouter } from '../src/routes/unsubscribe.routes';

const SECRET = 'unsubscribe-events-spec-secret';

/** One-click unsubscribes (RFC 8058) against PostgreSQL: the client event they write. */
describe('one-click unsubscribe client events (PostgreSQL outbox)', () => {
  let database: Db;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    await migrateToLatest(database.db);
    const app = express();
    app.use(
      UNSUBSCRIBE_PATH,
      unsubscribeRouter({
        db: database.db,
        secret: SECRET,
        log: createLogger({ service: 'unsubscribe-events-spec', level: 'silent' }),
        metrics: createMetrics('unsubscribe-events-spec'),
        refusals: { record: async () => undefined },
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${UNSUBSCRIBE_PATH}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  });

  const newTenant = async () => {
    const tenantId = `test-${randomUUID()}`;
    await sql`insert into tenants (id, name) values (${tenantId}, 'test tenant')`.execute(
      database.db,
    );
    return tenantId;
  };

  const pending = async (tenant: string): Promise<ClientEvent[]> => {
    const rows = await database.db
      .selectFrom('outbox')
      .select(['subject', 'payload'])
      .where('subject', 'like', `clientevents.${tenant}.%`)
      .orderBy('id')
      .execute();
    return rows.map((row) => ClientEvent.parse(row.payload));
  };

  const oneClick = (token: string) =>
    fetch(`${base}/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

  it('the first one-click POST is one suppression.created (reason unsubscribe); the next ones none', async () => {
    const tenant = await newTenant();
    const address = `reader-${randomUUID()}@example.com`;
    const token = signUnsubscribeToken(SECRET, { tenantId: tenant, channel: 'email', address });

    // Opening the link (a mail scanner's prefetch) changes nothing.
    expect((await fetch(`${base}/${token}`)).status).toBe(200);
    expect(await pending(tenant)).toEqual([]);

    expect((await oneClick(token)).status).toBe(200);
    expect((await oneClick(token)).status).toBe(200);
    const events = await pending(tenant);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'suppression.created',
      tenant_id: tenant,
      data: {
        suppression: {
          channel: 'email',
          address,
          sender: null,
          reason: 'unsubscribe',
          source: 'list-unsubscribe',
          created_by: 'recipient',
        },
      },
    });
  });

  it('a forged link writes nothing', async () => {
    const tenant = await newTenant();
    const token = signUnsubscribeToken('another-secret', {
      tenantId: tenant,
      channel: 'email',
      address: 'someone@example.com',
    });
    expect((await oneClick(token)).status).toBe(400);
    expect(await pending(tenant)).toEqual([]);
  });
});
