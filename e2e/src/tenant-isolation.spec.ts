import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type {
  ConversationPage,
  MessagePage,
  MessageResource,
  Problem,
  SearchResult,
} from '@switchboard/contracts';
import { createDb, sql, type Db } from '@switchboard/db';
import { claimAddress, revokeApiKey, issueApiKey } from '@switchboard/tenancy';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from './api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-isolation-${'k'.repeat(40)}`;
const JWT_SECRET = `e2e-isolation-jwt-${'j'.repeat(32)}`;
const SEARCH_WORD = `zebracorn${randomBytes(3).toString('hex')}`;

/** Classic SQL injection payloads, sent through every filter, search field and id. */
const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE messages; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5) --',
  "') UNION SELECT id, hash FROM api_keys --",
  "%' OR 1=1 --",
  "\\'; DROP TABLE tenants; --",
  '$$; DROP TABLE conversations; $$',
  "' || (SELECT hash FROM api_keys LIMIT 1) || '",
  '1 OR 1=1',
];

describe('tenants are isolated from each other (AUTH_MODE=required)', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  // What tenant A owns, which B must never reach.
  const numberOfA = uniqueNumber();
  const customer = uniqueNumber();
  let smsOfA: MessageResource;
  let emailOfA: MessageResource;

  beforeAll(async () => {
    stack = await startStack({
      env: { AUTH_MODE: 'required', SECRET_KEY, JWT_SECRET, AUTH_CACHE_TTL_MS: '0' },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway, secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'tenant-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'tenant-b' });
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });

    const sms = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: numberOfA,
      to: customer,
      body: `Secret of A: ${SEARCH_WORD}`,
    });
    const email = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: `billing@${a.id}.example.com`,
      to: 'customer@example.com',
      subject: `Invoice ${SEARCH_WORD}`,
      body: '<p>Private</p>',
    });
    expect([sms.status, email.status]).toEqual([201, 201]);
    smsOfA = sms.body;
    emailOfA = email.body;
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  /** Asserts a 404 problem that gives nothing of A's away. */
  function expectNotFound(res: { status: number; headers: Headers; body: unknown }) {
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(SEARCH_WORD);
    expect(text).not.toContain(customer);
  }

  /**
   * How each operation is tried as tenant B against tenant A's data. Keyed by the operations of
   * the gateway's own OpenAPI document, which its spec keeps equal to the routes it serves: a
   * new endpoint fails the coverage test below until it is added here.
   */
  const probes: Record<string, () => Promise<void>> = {
    'post /api/v1/messages/send': async () => {
      const key = `idem-${randomBytes(6).toString('hex')}`;
      const mine = await b.call<MessageResource>('POST', '/api/v1/messages/send', {
        from: uniqueNumber(),
        to: customer,
        body: 'B writes to the same customer',
      });
      expect(mine.status).toBe(201);
      // Same participants as A's conversation: still B's own thread.
      const same = await b.call<MessageResource>('POST', '/api/v1/messages/send', {
        from: smsOfA.from,
        to: smsOfA.to,
        body: 'B uses the same pair',
      });
      // A claimed that number: B may not send from it.
      expect(same.status).toBe(400);
      expect((same.body as unknown as Problem).errors?.map((e) => e.field)).toEqual(['from']);

      // An Idempotency-Key A used means nothing to B.
      const first = await request<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: { from: uniqueNumber(), to: customer, body: 'A, keyed' },
        headers: { authorization: `Bearer ${a.key}`, 'idempotency-key': key },
      });
      const second = await request<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: { from: uniqueNumber(), to: customer, body: 'A, keyed' },
        headers: { authorization: `Bearer ${b.key}`, 'idempotency-key': key },
      });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.headers.get('idempotency-replayed')).toBeNull();
    },
    'post /api/v1/messages/batch': async () => {
      const res = await b.call<{
        results: { index: number; status: number; message?: MessageResource; problem?: Problem }[];
      }>('POST', '/api/v1/messages/batch', {
        messages: [
          { from: numberOfA, to: customer, body: 'B impersonating A' },
          { from: uniqueNumber(), to: customer, body: 'B on its own' },
        ],
      });
      expect(res.status).toBe(207);
      const [impersonation, own] = res.body.results;
      expect(impersonation).toMatchObject({ index: 0, status: 400 });
      expect(impersonation!.problem?.errors?.map((e) => e.field)).toEqual(['from']);
      expect(own).toMatchObject({ index: 1, status: 201 });
      expect(own!.message!.conversation_id).not.toBe(smsOfA.conversation_id);
    },
    'get /api/v1/messages': async () => {
      const all = await b.call<MessagePage>('GET', '/api/v1/messages?limit=100');
      expect(all.status).toBe(200);
      const ids = all.body.data.map((m) => m.id);
      expect(ids).not.toContain(smsOfA.id);
      expect(ids).not.toContain(emailOfA.id);
      const filtered = await b.call<MessagePage>(
        'GET',
        `/api/v1/messages?conversation_id=${smsOfA.conversation_id}`,
      );
      expect(filtered.body.data).toEqual([]);
    },
    'get /api/v1/messages/{id}': async () => {
      expectNotFound(await b.call('GET', `/api/v1/messages/${smsOfA.id}`));
      expectNotFound(await b.call('GET', `/api/v1/messages/${emailOfA.id}`));
      expect((await a.call('GET', `/api/v1/messages/${smsOfA.id}`)).status).toBe(200);
    },
    'get /api/v1/messages/{id}/events': async () => {
      expectNotFound(await b.call('GET', `/api/v1/messages/${smsOfA.id}/events`));
      expect((await a.call('GET', `/api/v1/messages/${smsOfA.id}/events`)).status).toBe(200);
    },
    'post /api/v1/messages/{id}/retry': async () => {
      expectNotFound(await b.call('POST', `/api/v1/messages/${smsOfA.id}/retry`));
    },
    'get /api/v1/conversations': async () => {
      const page = await b.call<ConversationPage>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(customer)}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.map((c) => c.id)).not.toContain(smsOfA.conversation_id);
      const ofA = await b.call<ConversationPage>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(numberOfA)}`,
      );
      expect(ofA.body.data).toEqual([]);
    },
    'get /api/v1/conversations/{id}': async () => {
      expectNotFound(await b.call('GET', `/api/v1/conversations/${smsOfA.conversation_id}`));
      expect((await a.call('GET', `/api/v1/conversations/${smsOfA.conversation_id}`)).status).toBe(
        200,
      );
    },
    'get /api/v1/conversations/{id}/messages': async () => {
      expectNotFound(
        await b.call('GET', `/api/v1/conversations/${smsOfA.conversation_id}/messages`),
      );
    },
    'post /api/v1/conversations/search': async () => {
      const found = await b.call<SearchResult>('POST', '/api/v1/conversations/search', {
        query: SEARCH_WORD,
      });
      expect(found.status).toBe(200);
      expect(found.body.data).toEqual([]);
      const own = await a.call<SearchResult>('POST', '/api/v1/conversations/search', {
        query: SEARCH_WORD,
      });
      expect(own.body.data.length).toBeGreaterThan(0);
    },
    'post /api/messages/sms': async () => {
      const res = await b.call<MessageResource>('POST', '/api/messages/sms', {
        from: uniqueNumber(),
        to: customer,
        type: 'sms',
        body: 'compat',
        attachments: null,
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(res.status).toBe(201);
      expect(res.body.conversation_id).not.toBe(smsOfA.conversation_id);
    },
    'post /api/messages/email': async () => {
      const res = await b.call<MessageResource>('POST', '/api/messages/email', {
        from: 'customer@example.com',
        to: `billing@${a.id}.example.com`,
        body: 'compat email, reversed pair',
        attachments: [],
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(res.status).toBe(201);
      expect(res.body.conversation_id).not.toBe(emailOfA.conversation_id);
    },
    'get /api/conversations': async () => {
      const page = await b.call<ConversationPage>('GET', '/api/conversations?limit=100');
      expect(page.status).toBe(200);
      expect(page.body.data.map((c) => c.id)).not.toContain(smsOfA.conversation_id);
      expect(page.body.data.map((c) => c.id)).not.toContain(emailOfA.conversation_id);
    },
    'get /api/conversations/{id}': async () => {
      expectNotFound(await b.call('GET', `/api/conversations/${smsOfA.conversation_id}`));
    },
    'get /api/conversations/{id}/messages': async () => {
      expectNotFound(await b.call('GET', `/api/conversations/${smsOfA.conversation_id}/messages`));
    },
    'post /api/conversations/search': async () => {
      const found = await b.call<SearchResult>('POST', '/api/conversations/search', {
        query: SEARCH_WORD,
      });
      expect(found.body.data).toEqual([]);
    },
  };

  /** Every client operation the gateway documents (and so serves), with a concrete path. */
  async function clientOperations(): Promise<{ id: string; method: string; path: string }[]> {
    const doc = (
      await request<{ paths: Record<string, Record<string, { tags?: string[] }>> }>(
        gateway,
        'GET',
        '/api/v1/openapi.json',
      )
    ).body;
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(
          ([, op]) => op.tags && !op.tags.includes('Webhooks') && !op.tags.includes('Operations'),
        )
        .map(([method]) => ({
          id: `${method} ${path}`,
          method: method.toUpperCase(),
          path: path.replace('{id}', smsOfA.conversation_id),
        })),
    );
  }

  it('has a cross-tenant probe for every client operation the gateway serves', async () => {
    const documented = (await clientOperations()).map((op) => op.id).sort();
    expect(documented).toEqual(Object.keys(probes).sort());
  });

  it.each(Object.keys(probes))('%s: tenant B cannot see or touch tenant A’s data', async (id) => {
    await probes[id]!();
  });

  it('refuses every client operation without credentials, or with wrong ones, as 401 problem+json', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer sb_live_000000000000_${'A'.repeat(43)}` },
      { 'x-api-key': `${a.key.slice(0, -1)}x` },
      { authorization: 'Bearer not-a-credential' },
      { authorization: `Basic ${Buffer.from(`${a.id}:${a.key}`).toString('base64')}` },
    ];
    const operations = await clientOperations();
    await Promise.all(
      operations.flatMap((op) =>
        attempts.map(async (headers) => {
          const res = await request(gateway, op.method, op.path, {
            headers,
            ...(op.method === 'POST' ? { body: {} } : {}),
          });
          expect([op.id, res.status]).toEqual([op.id, 401]);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
        }),
      ),
    );
  });

  it('accepts the key as X-API-Key too', async () => {
    const res = await request(gateway, 'GET', `/api/v1/messages/${smsOfA.id}`, {
      headers: { 'x-api-key': a.key },
    });
    expect(res.status).toBe(200);
  });

  it('stops accepting a revoked key', async () => {
    const extra = await issueApiKey(database.db, { tenantId: a.id, secretKey: SECRET_KEY });
    const read = () =>
      request(gateway, 'GET', `/api/v1/messages/${smsOfA.id}`, {
        headers: { authorization: `Bearer ${extra.key}` },
      });
    expect((await read()).status).toBe(200);
    await revokeApiKey(database.db, extra.prefix);
    expect((await read()).status).toBe(401);
  });

  it('takes the tenant of a verified JWT; a token for another or an unknown tenant gets nothing', async () => {
    const token = (claims: Record<string, unknown>, exp: string | number = '5m') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(JWT_SECRET));
    const as = async (jwt: string) =>
      (
        await request(gateway, 'GET', `/api/v1/messages/${smsOfA.id}`, {
          headers: { authorization: `Bearer ${jwt}` },
        })
      ).status;
    expect(await as(await token({ tenant_id: a.id }))).toBe(200);
    expect(await as(await token({ tenant_id: b.id }))).toBe(404);
    expect(await as(await token({ tenant_id: 'no-such-tenant' }))).toBe(401);
    expect(await as(await token({ tenant_id: a.id }, Math.floor(Date.now() / 1000) - 600))).toBe(
      401,
    );
  });

  it('threads conversations per tenant: the same pair is two conversations for two tenants', async () => {
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

  describe('SQL injection through every filter and search field', () => {
    const queryFields = [
      'participant',
      'cursor',
      'status',
      'type',
      'direction',
      'conversation_id',
      'since',
      'until',
      'limit',
    ];

    it.each(INJECTIONS)(
      '%s: refused (400) or harmless (empty), never executed',
      async (payload) => {
        const encoded = encodeURIComponent(payload);
        const attempts: { path: string; method: string; body?: unknown; expectEmpty?: boolean }[] =
          [
            ...queryFields.map((field) => ({
              method: 'GET',
              path: `/api/v1/messages?${field}=${encoded}`,
            })),
            ...['participant', 'cursor', 'limit'].map((field) => ({
              method: 'GET',
              path: `/api/v1/conversations?${field}=${encoded}`,
            })),
            {
              method: 'GET',
              path: `/api/v1/conversations/${smsOfA.conversation_id}/messages?cursor=${encoded}`,
            },
            { method: 'GET', path: `/api/v1/messages/${encoded}` },
            { method: 'GET', path: `/api/v1/messages/${encoded}/events` },
            { method: 'POST', path: `/api/v1/messages/${encoded}/retry` },
            { method: 'GET', path: `/api/v1/conversations/${encoded}` },
            { method: 'GET', path: `/api/v1/conversations/${encoded}/messages` },
            { method: 'POST', path: '/api/v1/conversations/search', body: { query: payload } },
            {
              method: 'POST',
              path: '/api/v1/conversations/search',
              body: { query: `${SEARCH_WORD} ${payload}` },
            },
          ];
        const check = async (attempt: (typeof attempts)[number]) => {
          const started = Date.now();
          const res = await b.call<{ data?: unknown[] }>(
            attempt.method,
            attempt.path,
            attempt.body,
          );
          expect([attempt.path, res.status]).toEqual([attempt.path, expect.any(Number)]);
          expect([attempt.path, [200, 400, 404].includes(res.status)]).toEqual([
            attempt.path,
            true,
          ]);
          if (res.status === 200) expect([attempt.path, res.body.data]).toEqual([attempt.path, []]);
          else expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(Date.now() - started).toBeLessThan(4_000);
        };
        await Promise.all(attempts.map(check));
      },
    );

    it('leaves every table and tenant A’s data in place', async () => {
      for (const table of [
        'messages',
        'conversations',
        'tenants',
        'api_keys',
        'tenant_addresses',
      ]) {
        const { rows } = await sql<{
          n: string;
        }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
        expect(Number(rows[0]!.n)).toBeGreaterThan(0);
      }
      const again = await a.call<MessageResource>('GET', `/api/v1/messages/${smsOfA.id}`);
      expect(again.body).toMatchObject({ id: smsOfA.id, body: smsOfA.body, to: smsOfA.to });
    });
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const res = await fetch(`${gateway}/api/v1/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
