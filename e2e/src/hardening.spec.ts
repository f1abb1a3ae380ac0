import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import type { ConversationResource, MessageResource, Problem } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress } from '@switchboard/tenancy';
import {
  APP_NAMES,
  eventually,
  sandboxMessages,
  startStack,
  testEnv,
  type Stack,
} from '@switchboard/testing';
import { request } from './api-client';
import { createTenantWithKey, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-hardening-${'s'.repeat(40)}`;
const JWT_SECRET = `e2e-hardening-jwt-${'t'.repeat(32)}`;
const ALLOWED_ORIGIN = 'https://app.example.com';
/** Requests per fuzzed property: the whole suite stays well inside CI's time budget. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** Fields of a message that nothing may change after it was accepted. */
const CONTENT_FIELDS = [
  'id',
  'conversation_id',
  'direction',
  'type',
  'from',
  'to',
  'subject',
  'body',
  'attachments',
  'metadata',
  'timestamp',
  'encoding',
  'segments',
  'created_at',
] as const;
const contentOf = (m: MessageResource) =>
  Object.fromEntries(CONTENT_FIELDS.map((field) => [field, m[field]]));

/** Distinctive values that must never appear raw in any service's logs. */
const rand = () => randomBytes(3).toString('hex');
const SECRETS = {
  ourNumber: `+1555${String(Date.now() % 1e7).padStart(7, '0')}`,
  customerNumber: `+1555${String((Date.now() + 4_242_424) % 1e7).padStart(7, '0')}`,
  ourEmail: `noreply-${rand()}@switchboard-sec.example.com`,
  customerEmail: `jane.private-${rand()}@customer-sec.example.com`,
  smsBody: `sms body secret ${rand()}`,
  mmsBody: `mms body secret ${rand()}`,
  emailBody: `email body secret ${rand()}`,
  emailSubject: `subject secret ${rand()}`,
  attachment: `https://127.0.0.1/media/secret-${rand()}.jpg`,
  inboundBody: `inbound body secret ${rand()}`,
};

describe('hardened inputs, security headers and logs without PII', () => {
  let stack: Stack;
  let gateway: string;
  let database: Db;
  let tenant: TenantFixture;
  const before: MessageResource[] = [];
  const accepted: MessageResource[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        SECRET_KEY,
        JWT_SECRET,
        LOG_LEVEL: 'trace',
        CORS_ORIGINS: ALLOWED_ORIGIN,
        ATTACHMENT_HOST_ALLOWLIST: '127.0.0.1',
        // Thousands of generated requests from one tenant are the point here, not throttling.
        RATE_LIMIT_ENABLED: 'false',
      },
    });
    gateway = stack.url('gateway');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    tenant = await createTenantWithKey(database.db, {
      gateway,
      secretKey: SECRET_KEY,
      label: 'hardening',
    });
    await claimAddress(database.db, { tenantId: tenant.id, address: SECRETS.ourNumber });
    for (const body of [
      { from: SECRETS.ourNumber, to: SECRETS.customerNumber, body: SECRETS.smsBody },
      {
        from: SECRETS.ourNumber,
        to: SECRETS.customerNumber,
        body: SECRETS.mmsBody,
        attachments: [SECRETS.attachment],
        metadata: { order: 'A-1', nested: { deep: [1, 2, 3] } },
      },
      {
        from: SECRETS.ourEmail,
        to: SECRETS.customerEmail,
        subject: SECRETS.emailSubject,
        body: `<p>${SECRETS.emailBody}</p>`,
      },
    ]) {
      const res = await tenant.call<MessageResource>('POST', '/api/v1/messages/send', body);
      expect(res.status).toBe(201);
      before.push(res.body);
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const send = (
    body: string,
    headers: Record<string, string> = {},
    path = '/api/v1/messages/send',
  ) =>
    request<MessageResource | Problem>(gateway, 'POST', path, {
      body,
      headers: {
        authorization: `Bearer ${tenant.key}`,
        'content-type': 'application/json',
        ...headers,
      },
    });

  function expectClientError(
    res: { status: number; headers: Headers; body: unknown },
    what: string,
  ) {
    if (res.status >= 500) throw new Error(`${what} → ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: res.status, type: expect.any(String) });
    }
  }

  describe('generated input never makes a 5xx and never changes or loses an accepted message', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        '',
        '\u0000',
        '\ud800x',
        '\r\nBcc: x@evil.test',
        "' OR 1=1 --",
        '+15551234567',
        'a@b.co',
      ),
      fc.constantFrom(
        'https://127.0.0.1/a.jpg',
        'https://169.254.169.254/',
        'http://example.com/x',
        'https://example.com/y.png',
      ),
    );
    const anyValue = fc.oneof(
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 3 }),
    );
    // Valid sends with generated content, so that some are accepted and checked afterwards.
    const plausible = fc.record(
      {
        from: fc.constant(SECRETS.ourNumber),
        to: fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+1555${String(n).padStart(7, '0')}`),
        body: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        attachments: fc.array(fc.webUrl({ validSchemes: ['https'] }), { maxLength: 3 }),
        metadata: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        }),
        timestamp: fc
          .date({ min: new Date(0), max: new Date(2100, 0, 1), noInvalidDate: true })
          .map((d) => d.toISOString()),
      },
      { requiredKeys: ['from', 'to', 'body'] },
    );
    const sendBody = fc.oneof(
      plausible,
      fc.record(
        {
          from: fc.oneof(
            fc.constantFrom(SECRETS.ourNumber, SECRETS.ourEmail, '+15550001111'),
            anyValue,
          ),
          to: fc.oneof(fc.constantFrom('+1 (555) 010-9999', 'x@example.com'), anyValue),
          type: fc.oneof(fc.constantFrom('sms', 'mms', 'email'), anyValue),
          body: fc.oneof(text, fc.string({ minLength: 1500, maxLength: 1700 }), anyValue),
          subject: fc.oneof(text, anyValue),
          attachments: fc.oneof(fc.array(text, { maxLength: 11 }), anyValue),
          metadata: fc.oneof(
            fc.dictionary(fc.string({ maxLength: 70 }), anyValue, { maxKeys: 4 }),
            anyValue,
          ),
          timestamp: fc.oneof(
            fc.constantFrom('2024-11-01T14:00:00Z', '2024-13-45T99:00:00Z'),
            anyValue,
          ),
          [`extra_${rand()}`]: anyValue,
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 4 }),
    );

    it('JSON bodies at every send route', async () => {
      await fc.assert(
        fc.asyncProperty(
          sendBody,
          fc.constantFrom('/api/v1/messages/send', '/api/messages/sms', '/api/messages/email'),
          async (body, path) => {
            const res = await send(JSON.stringify(body), {}, path);
            expectClientError(res, `POST ${path} ${JSON.stringify(body).slice(0, 200)}`);
            expect([201, 307, 400, 413, 422]).toContain(res.status);
            if (res.status === 201) accepted.push(res.body as MessageResource);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('raw bodies and content types', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.constantFrom('{', '[]', 'null', '"x"', '{"from":'),
          ),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/json; charset=utf-16',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
          ),
          async (body, type) => {
            const res = await send(body, { 'content-type': type });
            expectClientError(res, `raw ${type}`);
            expect(res.status).toBeGreaterThanOrEqual(400);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('query strings on every list route', async () => {
      const keys = fc.constantFrom(
        'limit',
        'cursor',
        'status',
        'type',
        'direction',
        'conversation_id',
        'since',
        'until',
        'participant',
        'x',
      );
      const rawQuery = fc.oneof(
        fc
          .array(fc.tuple(keys, fc.oneof(text, fc.integer().map(String))), { maxLength: 5 })
          .map((pairs) => new URLSearchParams(pairs).toString()),
        fc.constantFrom(
          'limit=%E0%A4%A',
          'a[b]=c',
          'limit=1&limit=2',
          '%',
          'status[]=sent',
          'cursor=%00',
          '&&&=',
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            '/api/v1/messages',
            '/api/v1/conversations',
            '/api/conversations',
            `/api/v1/conversations/${before[0]!.conversation_id}/messages`,
          ),
          rawQuery,
          async (path, query) => {
            const res = await tenant.call(`GET`, `${path}?${query}`);
            expectClientError(res, `GET ${path}?${query}`);
            expect([200, 400]).toContain(res.status);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('path segments and credential headers', async () => {
      const segment = fc.oneof(
        fc.uuid(),
        fc.string({ maxLength: 40 }).map(encodeURIComponent),
        fc.constantFrom(
          '%E0%A4%A',
          '..%2F..%2Fetc%2Fpasswd',
          '%00',
          '00000000-0000-0000-0000-000000000000',
        ),
      );
      const headerText = fc.string({
        unit: fc.constantFrom(...'abcXYZ019+/=_-. '.split('')),
        maxLength: 80,
      });
      const credentials = fc.oneof(
        fc.constant({ authorization: `Bearer ${tenant.key}` }),
        headerText.map((v) => ({ authorization: v })),
        headerText.map((v) => ({ authorization: `Bearer ${v}` })),
        headerText.map((v) => ({ 'x-api-key': v })),
        headerText.map((v) => ({ 'x-api-key': `sb_live_${v}` })),
        fc.constant({}),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'GET /api/v1/messages/:s',
            'GET /api/v1/messages/:s/events',
            'POST /api/v1/messages/:s/retry',
            'GET /api/v1/conversations/:s',
            'GET /api/v1/conversations/:s/messages',
            'GET /api/v1/:s',
            'POST /api/:s',
          ),
          segment,
          credentials,
          async (route, value, headers) => {
            const [method, template] = route.split(' ') as [string, string];
            const res = await request(gateway, method, template.replace(':s', value), { headers });
            expectClientError(res, `${method} ${template} ${value} ${JSON.stringify(headers)}`);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('left the messages accepted before and during the fuzzing exactly as they were', async () => {
      for (const original of [...before, ...accepted]) {
        const now = await tenant.call<MessageResource>('GET', `/api/v1/messages/${original.id}`);
        expect(now.status).toBe(200);
        expect(contentOf(now.body)).toEqual(contentOf(original));
      }
      expect(accepted.length).toBeGreaterThan(0);
    });
  });

  it('answers a JSON body over 1 MiB with 413 problem+json', async () => {
    const res = await send(
      JSON.stringify({
        from: SECRETS.ourNumber,
        to: '+15550109999',
        body: 'x'.repeat(1024 * 1024),
      }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('accepts an email body of 128 KiB of "<" at once, reads stay fast and the provider gets it', async () => {
    // Once answered 503 after 5 s: backtracking regular expressions in the preview, the
    // plain-text alternative and the log redaction stalled the services for seconds.
    const to = `hostile-${rand()}@customer-sec.example.com`;
    const body = '<'.repeat(128 * 1024);
    const timed = async <T>(call: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const result = await call();
      return [result, performance.now() - started];
    };

    const [sent, sendMs] = await timed(() =>
      send(JSON.stringify({ from: SECRETS.ourEmail, to, subject: 'Angles', body })),
    );
    expect(sent.status).toBe(201);
    const message = sent.body as MessageResource;
    const [read, readMs] = await timed(() =>
      tenant.call<MessageResource>('GET', `/api/v1/messages/${message.id}`),
    );
    expect(read.status).toBe(200);
    expect(read.body.body).toBe(body);
    const [listed, listMs] = await timed(() =>
      tenant.call<{ data: ConversationResource[] }>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(to)}`,
      ),
    );
    expect(listed.body.data.map((c) => c.last_message_preview)).toEqual(['<'.repeat(120)]);
    // Generous for a loaded machine; a stalled service takes seconds.
    const slow = Object.entries({ send: sendMs, read: readMs, list: listMs }).filter(
      ([, ms]) => ms >= 1_500,
    );
    expect(slow).toEqual([]);

    const [received] = await eventually(
      () => sandboxMessages(stack.url('provider-sandbox'), { to }),
      (records) => records.length === 1,
      { what: 'the email at the provider' },
    );
    expect(received!.html).toBe(body);
    expect(received!.body.startsWith('<<<<')).toBe(true);
  });

  it.each([
    ['https://127.0.0.1/x.jpg', 201],
    ['https://2130706433/x.jpg', 201], // the same host as 127.0.0.1, however it is spelled
    ['https://0x7f000002/x.jpg', 400],
    ['https://169.254.169.254/latest/meta-data/', 400],
    ['https://[::ffff:10.0.0.1]/x.jpg', 400],
    ['https://metadata.google.internal/x', 400],
    ['https://localhost/x.jpg', 400],
    ['http://example.com/x.jpg', 400],
    ['https://example.com/x.jpg', 201],
  ])('attachment %s → %i (127.0.0.1 is allow-listed for this stack)', async (url, status) => {
    const res = await send(
      JSON.stringify({
        from: SECRETS.ourNumber,
        to: '+15550107777',
        body: 'pic',
        attachments: [url],
      }),
    );
    expect(res.status).toBe(status);
    if (status === 400) {
      expect((res.body as Problem).errors?.map((e) => e.field)).toEqual(['attachments.0']);
    }
  });

  it('refuses mail header injection in the subject, the addresses and names', async () => {
    for (const body of [
      { subject: 'Hi\r\nBcc: victim@example.com' },
      { subject: 'Hi\u0000there' },
      { to: 'jane@example.com\r\nBcc: victim@example.com' },
      { to: 'Jane <jane@example.com>' },
      { from: '"Evil\r\nBcc: x@example.com" <a@example.com>' },
    ]) {
      const res = await send(
        JSON.stringify({ from: SECRETS.ourEmail, to: 'jane@example.com', body: 'x', ...body }),
      );
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
  });

  it('sets security headers on the gateway and webhook-ingest', async () => {
    const api = await tenant.call('GET', '/api/v1/messages');
    const webhook = await fetch(`${stack.url('webhook-ingest')}/api/v1/webhooks/twilio`, {
      method: 'POST',
    });
    for (const res of [api.headers, webhook.headers]) {
      expect(res.get('x-content-type-options')).toBe('nosniff');
      expect(res.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.get('x-powered-by')).toBeNull();
    }
  });

  it('answers CORS for the configured origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway}/api/v1/messages/send`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps phone numbers, addresses, bodies, attachments, keys and tokens out of every log', async () => {
    // The rest of the story at trace level: delivery callbacks, an inbound reply, error paths.
    await Promise.all(
      before.map((m) =>
        eventually(
          async () =>
            (await tenant.call<MessageResource>('GET', `/api/v1/messages/${m.id}`)).body.status,
          (status) => ['sent', 'delivered'].includes(status),
          { what: `message ${m.type} sent` },
        ),
      ),
    );
    await request(stack.url('provider-sandbox'), 'POST', '/sandbox/inbound', {
      body: {
        channel: 'sms',
        from: SECRETS.customerNumber,
        to: SECRETS.ourNumber,
        body: SECRETS.inboundBody,
      },
    });
    await eventually(
      async () =>
        (
          await tenant.call<{ data: MessageResource[] }>(
            'GET',
            '/api/v1/messages?direction=inbound',
          )
        ).body.data,
      (data) => data.some((m) => m.body === SECRETS.inboundBody),
      { what: 'the inbound reply' },
    );
    const jwt = await new SignJWT({ tenant_id: tenant.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    await request(gateway, 'GET', '/api/v1/messages', {
      headers: { authorization: `Bearer ${jwt}` },
    });
    await request(gateway, 'GET', '/api/v1/messages', {
      headers: { 'x-api-key': `${tenant.key}x` },
    });
    await request(gateway, 'POST', '/api/v1/webhooks/twilio', {
      body: new URLSearchParams({
        From: SECRETS.customerNumber,
        To: SECRETS.ourNumber,
        Body: SECRETS.inboundBody,
      }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'forged-signature-value',
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const logs = APP_NAMES.map((app) => stack.apps[app].output()).join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    const national = (e164: string) => e164.slice(2);
    const forbidden = [
      SECRETS.ourNumber,
      SECRETS.customerNumber,
      national(SECRETS.ourNumber),
      national(SECRETS.customerNumber),
      SECRETS.ourEmail,
      SECRETS.customerEmail,
      SECRETS.customerEmail.split('@')[0]!,
      SECRETS.smsBody,
      SECRETS.mmsBody,
      SECRETS.emailBody,
      SECRETS.emailSubject,
      SECRETS.inboundBody,
      SECRETS.attachment,
      tenant.key,
      tenant.key.split('_').slice(3).join('_'),
      jwt,
      SECRET_KEY,
      JWT_SECRET,
      'forged-signature-value',
    ];
    for (const value of forbidden) {
      expect([value, logs.includes(value)]).toEqual([value, false]);
    }
    // The run was really logged, at trace level, by every service.
    for (const app of APP_NAMES)
      expect([app, stack.apps[app].output().length > 0]).toEqual([app, true]);

    const audit = await database.db
      .selectFrom('webhook_logs')
      .select('headers')
      .where('received_at', '>', new Date(Date.now() - 5 * 60_000))
      .execute();
    const auditHeaders = JSON.stringify(audit);
    expect(auditHeaders).not.toContain('forged-signature-value');
    expect(auditHeaders).toContain('[masked:');
  });
});
