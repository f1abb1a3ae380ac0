import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDb, sql, type Db } from '@switchboard/db';
import { signTwilioRequest } from '@switchboard/providers';
import {
  eventually,
  freePort,
  startApp,
  startStack,
  testEnv,
  type Stack,
} from '@switchboard/testing';

const TWILIO_TOKEN = 'sandbox-twilio-token';
/** Refusals a source may cause per window before it is turned away unread. */
const REFUSAL_LIMIT = 5;
/** How long a replica answers from what it learnt of a source before asking Redis again. */
const REFUSAL_CACHE_MS = 300;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A source address of its own per test (documentation range), so runs never share a budget. */
const sourceIp = () => `2001:db8::${randomBytes(6).toString('hex').match(/.{4}/g)!.join(':')}`;

/**
 * webhook-ingest facing anyone on the internet: what a forged or unauthenticated request costs
 * (nothing stored but a digest, no body read before the secret), how often a source may try, and
 * how long the audit trail is kept.
 */
describe('webhook-ingest under unauthenticated load', () => {
  let stack: Stack;
  let database: Db;

  beforeAll(async () => {
    // Two replicas: the refusal budget and the retention sweep are shared through Redis and
    // PostgreSQL, not kept per process.
    stack = await startStack({
      only: ['webhook-ingest'],
      replicas: { 'webhook-ingest': 2 },
      callbacksTo: 'webhook-ingest',
      env: {
        WEBHOOK_REFUSAL_LIMIT: String(REFUSAL_LIMIT),
        WEBHOOK_REFUSAL_WINDOW_S: '60',
        WEBHOOK_REFUSAL_CACHE_MS: String(REFUSAL_CACHE_MS),
        WEBHOOK_LOG_RETENTION_DAYS: '30',
        WEBHOOK_LOG_RETENTION_INTERVAL_MS: '500',
        WEBHOOK_LOG_RETENTION_BATCH: '3',
      },
    });
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const replicaUrls = () => [stack.url('webhook-ingest'), stack.replicas['webhook-ingest'][0]!.url];
  const twilioUrl = (base: string) => `${base}/api/v1/webhooks/twilio`;

  async function postTwilio(
    base: string,
    ip: string,
    body: string,
    signature = 'forged-signature',
  ): Promise<Response> {
    return fetch(twilioUrl(base), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': ip,
        'x-twilio-signature': signature,
      },
      body,
    });
  }

  const rowsFrom = (ip: string) =>
    database.db
      .selectFrom('webhook_logs')
      .selectAll()
      .where(sql<string>`headers->>'x-forwarded-for'`, '=', ip)
      .orderBy('id')
      .execute();

  it('keeps only a digest of a forged webhook, never its body', async () => {
    const ip = sourceIp();
    const marker = `forged-${randomUUID()}`;
    const body = new URLSearchParams({
      MessageSid: marker,
      MessageStatus: 'delivered',
      Body: 'x'.repeat(64 * 1024),
    }).toString();
    const res = await postTwilio(stack.url('webhook-ingest'), ip, body);
    expect(res.status).toBe(403);

    const withBody = await database.db
      .selectFrom('webhook_logs')
      .select('id')
      .where('body', 'like', `%${marker}%`)
      .execute();
    expect(withBody).toEqual([]);
    const rows = await rowsFrom(ip);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      provider: 'twilio',
      signature_verdict: 'invalid',
      outcome: 'rejected',
      body: null,
      body_sha256: sha256(body),
      body_bytes: Buffer.byteLength(body),
    });
  });

  it('refuses Inbound Parse with a wrong secret before reading its body', async () => {
    const ip = sourceIp();
    const target = new URL(`${stack.url('webhook-ingest')}/api/v1/webhooks/sendgrid/inbound`);
    target.searchParams.set('token', 'not-the-secret');
    const declared = 20 * 1024 * 1024;
    const req = http.request(target, {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=xyz',
        'content-length': String(declared),
        'x-forwarded-for': ip,
      },
    });
    req.on('error', () => undefined);
    const answered = new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    // 64 KiB of the 20 MiB announced; the rest is never sent. A server that reads bodies before
    // checking the secret would wait for it, and never answer.
    req.write(Buffer.alloc(64 * 1024, 'a'));
    let timer: NodeJS.Timeout | undefined;
    const res = await Promise.race([
      answered,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('no answer while the body was still unsent')),
          20_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    req.destroy();
    res.resume();
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toContain('Basic');

    const rows = await eventually(
      () => rowsFrom(ip),
      (r) => r.length === 1 && r[0]!.outcome === 'rejected',
      { what: 'the refusal in webhook_logs' },
    );
    expect(rows[0]).toMatchObject({
      route: '/api/v1/webhooks/sendgrid/inbound',
      signature_verdict: 'invalid',
      body: null,
      body_sha256: null,
      body_bytes: null,
    });
    expect(JSON.stringify(rows[0]!.headers)).not.toContain('not-the-secret');
  });

  it('answers a refused Inbound Parse of ordinary size with its 401, not a reset connection', async () => {
    const target = new URL(`${stack.url('webhook-ingest')}/api/v1/webhooks/sendgrid/inbound`);
    target.searchParams.set('token', 'not-the-secret');
    // 512 KiB (under the webhook size limit) arriving in pieces, as over a slow link: the client
    // is still sending when the refusal is decided.
    const piece = new TextEncoder().encode('<'.repeat(64 * 1024));
    const slowBody = () =>
      new ReadableStream<Uint8Array>({
        async start(controller) {
          for (let i = 0; i < 8; i += 1) {
            controller.enqueue(piece);
            await new Promise((r) => setTimeout(r, 20));
          }
          controller.close();
        },
      });
    const res = await fetch(target, {
      method: 'POST',
      body: slowBody(),
      headers: { 'content-type': 'text/plain', 'x-forwarded-for': sourceIp() },
      duplex: 'half',
    } as RequestInit).catch((err: unknown) => {
      throw new Error(`no answer: ${String((err as Error).cause ?? err)}`);
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('turns a source away with 429 once it has caused too many refusals, on every replica', async () => {
    const ip = sourceIp();
    const urls = replicaUrls();
    const body = new URLSearchParams({ MessageSid: `SM${randomUUID()}`, MessageStatus: 'sent' });
    for (let i = 0; i < REFUSAL_LIMIT; i += 1) {
      const res = await postTwilio(urls[i % 2]!, ip, body.toString());
      expect(res.status).toBe(403);
    }
    // The replica that charged the last refusal turns the source away at once; the other sees the
    // budget spent once what it learnt of the source is older than WEBHOOK_REFUSAL_CACHE_MS.
    const charged = urls[(REFUSAL_LIMIT - 1) % 2]!;
    expect((await postTwilio(charged, ip, body.toString())).status).toBe(429);
    await sleep(REFUSAL_CACHE_MS + 50);
    for (const base of urls) {
      const res = await postTwilio(base, ip, body.toString());
      expect(res.status).toBe(429);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Turned away unread and unlogged: the refusals alone are in the audit trail.
    expect(await rowsFrom(ip)).toHaveLength(REFUSAL_LIMIT);

    // Another source is not affected, and a signed webhook is accepted as before.
    const params = { MessageSid: `SM${randomUUID().replaceAll('-', '')}`, MessageStatus: 'sent' };
    const base = stack.url('webhook-ingest');
    const signed = await postTwilio(
      base,
      sourceIp(),
      new URLSearchParams(params).toString(),
      signTwilioRequest(TWILIO_TOKEN, twilioUrl(base), params),
    );
    expect(signed.status).toBe(200);
  });

  it('keeps refusing forged webhooks, and accepting signed ones, while Redis is unreachable', async () => {
    const port = await freePort();
    const app = startApp('webhook-ingest', port, {
      ...stack.envOf('webhook-ingest'),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    });
    try {
      await eventually(
        async () => (await fetch(`${app.url}/health`)).status,
        (status) => status === 200,
        { what: 'webhook-ingest healthy', timeoutMs: 60_000, intervalMs: 250 },
      );
      const ip = sourceIp();
      const body = new URLSearchParams({ MessageSid: `SM${randomUUID()}`, MessageStatus: 'sent' });
      const answers: number[] = [];
      for (let i = 0; i < REFUSAL_LIMIT + 2; i += 1)
        answers.push((await postTwilio(app.url, ip, body.toString())).status);
      // Without its shared budget nothing is limited, and nothing fails: every forgery is a 403.
      expect(answers).toEqual(Array.from({ length: REFUSAL_LIMIT + 2 }, () => 403));

      const params = { MessageSid: `SM${randomUUID().replaceAll('-', '')}`, MessageStatus: 'sent' };
      const signed = await postTwilio(
        app.url,
        ip,
        new URLSearchParams(params).toString(),
        signTwilioRequest(TWILIO_TOKEN, twilioUrl(app.url), params),
      );
      expect(signed.status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('deletes webhook_logs rows older than the retention, in batches, from every replica', async () => {
    const provider = `retention-${randomUUID()}`;
    const row = (ageDays: number) => ({
      provider,
      route: '/test',
      headers: JSON.stringify({}),
      body: '',
      signature_verdict: 'valid',
      outcome: 'accepted',
      received_at: sql<Date>`now() - make_interval(days => ${ageDays})`,
    });
    await database.db
      .insertInto('webhook_logs')
      .values([...Array.from({ length: 10 }, () => row(45)), row(31), row(29), row(1)])
      .execute();
    const ages = () =>
      database.db
        .selectFrom('webhook_logs')
        .select(sql<number>`extract(day from now() - received_at)::int`.as('age'))
        .where('provider', '=', provider)
        .orderBy('received_at')
        .execute();
    const left = await eventually(ages, (rows) => rows.length === 2, {
      what: 'rows older than 30 days deleted',
      timeoutMs: 30_000,
    });
    expect(left.map((r) => r.age)).toEqual([29, 1]);
  });

  it('deletes the calls it answered once they are older than the retention', async () => {
    const sid = (age: number) => `CA-retention-${age}-${randomUUID()}`;
    const [old, recent] = [sid(31), sid(29)];
    await database.db
      .insertInto('inbound_calls')
      .values(
        [
          [old, 31],
          [recent, 29],
        ].map(([callSid, ageDays]) => ({
          call_sid: callSid as string,
          provider: 'twilio',
          from_addr: '+15550001111',
          to_addr: '+15550002222',
          mode: 'voicemail' as const,
          recording_url: null,
          duration_seconds: null,
          recorded_at: null,
          ended_at: null,
          created_at: sql<Date>`now() - make_interval(days => ${ageDays})`,
        })),
      )
      .execute();
    const left = await eventually(
      () =>
        database.db
          .selectFrom('inbound_calls')
          .select('call_sid')
          .where('call_sid', 'in', [old, recent])
          .execute(),
      (rows) => rows.length === 1,
      { what: 'the old call deleted', timeoutMs: 30_000 },
    );
    expect(left).toEqual([{ call_sid: recent }]);
  });
});
