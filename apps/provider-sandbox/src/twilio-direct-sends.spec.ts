import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetrics } from '@switchboard/observability';
import { basic, useSandboxFixture } from '../test/sandbox-fixture';
import { createFaultInjector } from './fault-injector';
import { FaultSettings, faultRequestSchema } from './fault-settings';
import { createMessageRecorder } from './message-recorder';
import { MessageStore } from './message-store';
import { twilioDirectSends } from './twilio-direct-sends';

// Plain SMS sends are answered before express, everything else by the express route: a client
// must not be able to tell which.
const fixture = useSandboxFixture();
const { twilioPost, inspect } = fixture;

/** Sends every request through express: a fault for nobody this suite sends to. */
async function throughExpress(on: boolean): Promise<void> {
  const { sandbox } = fixture;
  await fetch(`${sandbox.url}/sandbox/faults`, {
    method: on ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(on
      ? {
          body: JSON.stringify({
            provider: 'twilio',
            mode: 'latency',
            latency_ms: 0,
            to: '+15550000000',
          }),
        }
      : {}),
  });
}

/** What a client sees of an answer, minus what differs by nature (ids, clocks). */
async function seen(res: Response): Promise<unknown> {
  const text = await res.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  for (const key of ['sid', 'date_created', 'date_updated', 'uri', 'subresource_uris']) {
    if (key in body) body[key] = '…';
  }
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    length: res.headers.get('content-length') === String(Buffer.byteLength(text)),
    requestId: /^[0-9a-f-]{36}$/.test(res.headers.get('x-request-id') ?? ''),
    body,
  };
}

afterEach(() => throughExpress(false));

describe('Twilio sends, answered before express or by it', () => {
  it.each([
    [
      'an SMS',
      'To=%2B15551230001&From=%2B15559870000&Body=Hello+there&StatusCallback=https%3A%2F%2Fh.test%2Fs',
    ],
    ['a missing To', 'From=%2B15559870000&Body=x'],
    ['an unencoded +', 'To=+15551230001&From=%2B15559870000&Body=x'],
    ['a bad sender', 'To=%2B15551230001&From=not%20a%20sender%21&Body=x'],
    ['no body', 'To=%2B15551230001&From=%2B15559870000&Body='],
    ['a key express reads its own way', 'To=%2B15551230001&From=%2B15559870000&Body=x&Tag[a]=1'],
    [
      'too many parameters',
      `To=%2B15551230001&${Array.from({ length: 1000 }, (_, i) => `k${i}=v`).join('&')}`,
    ],
  ])('answers %s alike', async (_case, form) => {
    const direct = await seen(await twilioPost(form));
    await throughExpress(true);
    expect(await seen(await twilioPost(form))).toEqual(direct);
  });

  it('stores the same record either way', async () => {
    const form =
      'To=%2B15551230001&From=%2B15559870000&Body=same&StatusCallback=https%3A%2F%2Fh.test%2Fs';
    await twilioPost(form);
    await throughExpress(true);
    await twilioPost(form);
    const strip = ({
      provider_message_id: _id,
      received_at: _at,
      ...rest
    }: Record<string, unknown>) => rest;
    const [direct, viaExpress] = (await inspect()).map((m) => strip({ ...m }));
    expect(direct).toEqual(viaExpress);
  });

  it('echoes the request id, logs under it and counts the request under its route', async () => {
    const { sandbox } = fixture;
    const { SANDBOX_TWILIO_ACCOUNT_SID: sid, SANDBOX_TWILIO_AUTH_TOKEN: token } = sandbox.config;
    const counted = async () => {
      const text = await (await fetch(`${sandbox.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith(
            'http_requests_total{method="POST",route="/2010-04-01/Accounts/:AccountSid/Messages.json",status="201"',
          ),
        );
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await counted();
    const res = await fetch(`${sandbox.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: basic(sid, token),
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-request-id': 'client-7',
      },
      body: 'To=%2B15551230001&From=%2B15559870000&Body=hi',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('client-7');
    const { sid: messageSid } = (await res.json()) as { sid: string };
    const line = sandbox
      .logs()
      .find((l) => l.msg === 'message accepted' && l.provider_message_id === messageSid);
    expect(line?.request_id).toBe('client-7');
    expect(await counted()).toBe(before + 1);
  });
});

describe('which requests the direct path takes', () => {
  const accountSid = 'ACtest00000000000000000000000000000';
  const authToken = 'token';
  const faults = new FaultSettings();
  const injector = createFaultInjector({ settings: faults, timeoutMs: 1_000 });
  const metrics = createMetrics('test');
  const log = createLogger({ service: 'test', level: 'silent' });
  const store = new MessageStore(10);
  const direct = twilioDirectSends({
    accountSid,
    authToken,
    recorder: createMessageRecorder({ store, registry: metrics.registry, log }),
    faults,
    hold: injector.hold,
    metrics,
    log,
  });
  // What the direct path leaves is answered 299 with the body as express would read it.
  const server = createServer((req, res) =>
    direct(req, res, () => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => res.writeHead(299).end(Buffer.concat(chunks)));
    }),
  );
  let url: string;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/2010-04-01/Accounts/${accountSid}/Messages.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => faults.reset());

  const sms = 'To=%2B15551230001&From=%2B15559870000&Body=hi';
  const post = (
    body: string,
    headers: Record<string, string> = {},
    target = url,
    signal?: AbortSignal,
  ) =>
    fetch(target, {
      method: 'POST',
      ...(signal ? { signal } : {}),
      headers: {
        authorization: basic(accountSid, authToken),
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body,
    });

  it('answers a plain SMS send itself', async () => {
    expect((await post(sms)).status).toBe(201);
    expect(
      (await post(sms, { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }))
        .status,
    ).toBe(201);
  });

  it.each([
    ['an MMS', `${sms}&MediaUrl=https%3A%2F%2Fcdn.test%2Fa.png`, {}],
    ['a form of other keys', `${sms}&Tag[a]=1`, {}],
    ['a long form of other keys', `${sms}&Tag[a]=${'x'.repeat(90_000)}`, {}],
    ['other credentials', sms, { authorization: basic(accountSid, 'wrong') }],
    [
      'another body type',
      JSON.stringify({ To: '+15551230001' }),
      { 'content-type': 'application/json' },
    ],
    [
      'another charset',
      sms,
      { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' },
    ],
  ])('leaves %s to express, its body intact', async (_case, body, headers) => {
    const res = await post(body, headers);
    expect(res.status).toBe(299);
    expect(await res.text()).toBe(body);
  });

  it.each<[string, object[]]>([
    ['an error for Twilio', [{ provider: 'twilio', mode: 'error', rate: 1 }]],
    ['an error for every provider', [{ provider: '*', mode: 'rate_limit', rate: 1 }]],
    [
      'latency for some requests',
      [{ provider: 'twilio', mode: 'latency', rate: 0.5, latency_ms: 5 }],
    ],
    [
      'latency a few times',
      [{ provider: 'twilio', mode: 'latency', rate: 1, latency_ms: 5, times: 3 }],
    ],
    [
      'a fault for one recipient',
      [{ provider: 'twilio', mode: 'error', rate: 1, to: '+15550000000' }],
    ],
    [
      'latency beside an error',
      [
        { provider: 'twilio', mode: 'latency', rate: 1, latency_ms: 5 },
        { provider: '*', mode: 'timeout', rate: 1 },
      ],
    ],
  ])('leaves every send to express while %s is set', async (_case, settings) => {
    for (const setting of settings) faults.set(faultRequestSchema.parse(setting));
    const res = await post(sms);
    expect(res.status).toBe(299);
    expect(await res.text()).toBe(sms);
  });

  it("answers sends itself while only another provider's fault is set", async () => {
    faults.set(faultRequestSchema.parse({ provider: 'telnyx', mode: 'error', rate: 1 }));
    expect((await post(sms)).status).toBe(201);
  });

  it("holds its answer for steady latency, the provider's and the global one added up", async () => {
    faults.set(faultRequestSchema.parse({ provider: 'twilio', mode: 'latency', latency_ms: 150 }));
    faults.set(faultRequestSchema.parse({ provider: '*', mode: 'latency', latency_ms: 100 }));
    const to = '+15551230002';
    const started = performance.now();
    const res = await post(sms.replace('15551230001', to.slice(1)));
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    expect(store.list({ to })).toHaveLength(1);
  });

  it('records nothing for a send whose client left while it was held', async () => {
    // Held 2 s, left after 100 ms: a busy machine still sees the client leave before the answer.
    faults.set(
      faultRequestSchema.parse({ provider: 'twilio', mode: 'latency', latency_ms: 2_000 }),
    );
    const to = '+15551230003';
    const leaving = new AbortController();
    const body = sms.replace('15551230001', to.slice(1));
    const sent = post(body, {}, url, leaving.signal).catch(() => 'left');
    await new Promise((r) => setTimeout(r, 100));
    leaving.abort();
    expect(await sent).toBe('left');
    // Past the time it would have been answered: it never was, and nothing was recorded.
    await new Promise((r) => setTimeout(r, 2_300));
    expect(store.list({ to })).toHaveLength(0);
  });

  it('leaves other paths and methods to express', async () => {
    expect((await post(sms, {}, url.replace('Messages.json', 'Calls.json'))).status).toBe(299);
    expect(
      (await fetch(url, { headers: { authorization: basic(accountSid, authToken) } })).status,
    ).toBe(299);
  });
});
