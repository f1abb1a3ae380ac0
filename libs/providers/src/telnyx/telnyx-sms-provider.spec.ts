import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../provider-error';
import { createTelnyxClient } from './telnyx-client';
import { createTelnyxSmsProvider } from './telnyx-sms-provider';

/** What the stub answers next, and what it was asked. */
let reply: { status: number; headers?: Record<string, string>; body?: unknown; hang?: boolean };
let requests: { url: string; headers: IncomingMessage['headers']; body: unknown }[];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(raw || 'null') });
      if (reply.hang) return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
});

/** Answered calls get room for a busy machine; the hanging one is given 300 ms. */
const provider = (timeoutMs = 10_000) =>
  createTelnyxSmsProvider(createTelnyxClient({ apiKey: 'KEYtest', baseUrl: origin, timeoutMs }));
const sms = {
  messageId: 'msg_1',
  from: '+15559870000',
  to: '+15551230001',
  body: 'hello',
  mediaUrls: [] as string[],
};

async function failure(timeoutMs?: number): Promise<ProviderError> {
  const err = await provider(timeoutMs)
    .send(sms)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

const telnyxError = (code: string, title: string) => ({ errors: [{ code, title, detail: 'd' }] });

describe('createTelnyxSmsProvider', () => {
  it('posts the v2 send request with the API key and returns the message id', async () => {
    reply = {
      status: 200,
      body: { data: { id: 'b0c7e8cb-0000-4000-8000-000000000001', to: [{ status: 'queued' }] } },
    };
    const result = await provider().send({
      ...sms,
      mediaUrls: ['https://cdn.test/a.png'],
      statusCallbackUrl: 'https://hooks.test/telnyx',
    });
    expect(result).toEqual({
      provider: 'telnyx',
      providerMessageId: 'b0c7e8cb-0000-4000-8000-000000000001',
      providerStatus: 'queued',
    });
    expect(requests).toEqual([
      {
        url: '/v2/messages',
        headers: expect.objectContaining({ authorization: 'Bearer KEYtest' }),
        body: {
          from: '+15559870000',
          to: '+15551230001',
          type: 'MMS',
          text: 'hello',
          media_urls: ['https://cdn.test/a.png'],
          webhook_url: 'https://hooks.test/telnyx',
        },
      },
    ]);
  });

  it('classifies 429 as retryable with Retry-After, and does not retry by itself', async () => {
    reply = {
      status: 429,
      headers: { 'retry-after': '2' },
      body: telnyxError('10011', 'Too many requests'),
    };
    const err = await failure();
    expect(err).toMatchObject({
      provider: 'telnyx',
      retryable: true,
      details: { httpStatus: 429, code: '10011', retryAfterMs: 2000 },
    });
    expect(requests).toHaveLength(1);
  });

  it('classifies 400 as permanent with Telnyx’s code and title', async () => {
    reply = { status: 400, body: telnyxError('40310', "Invalid 'to' address") };
    const err = await failure();
    expect(err.retryable).toBe(false);
    expect(err.details).toEqual({ httpStatus: 400, code: '40310' });
    expect(err.message).toBe("Invalid 'to' address: d");
  });

  it('classifies 5xx as retryable', async () => {
    reply = { status: 502, body: {} };
    const err = await failure();
    expect(err).toMatchObject({ retryable: true, details: { httpStatus: 502, code: '502' } });
  });

  it('classifies no answer in time, or none at all, as retryable', async () => {
    reply = { status: 200, hang: true };
    expect((await failure(300)).retryable).toBe(true);

    const refused = createTelnyxSmsProvider(
      createTelnyxClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 }),
    );
    const err = await refused.send(sms).catch((e: unknown) => e);
    expect(err).toMatchObject({ provider: 'telnyx', retryable: true });
  });

  it('refuses an answer without a message id as retryable', async () => {
    reply = { status: 200, body: { data: {} } };
    expect((await failure()).retryable).toBe(true);
  });
});
