import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { RESPONSE_BODY_CHARS, sendSigned } from '../src/signed-request';

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`;

describe('sendSigned (one delivery attempt)', () => {
  let server: http.Server;
  let url: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = 202;
        res.end('x'.repeat(RESPONSE_BODY_CHARS * 4));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the body with Standard Webhooks headers a receiver verifies, and keeps the start of the answer', async () => {
    const body = JSON.stringify({ type: 'message.status', data: { id: 'm1' } });
    const result = await sendSigned({
      url,
      eventId: 'evt_1',
      body,
      secrets: [SECRET],
      timeoutMs: 5_000,
      policy: { requireHttps: false, allowPrivate: true },
    });
    expect(result).toMatchObject({ statusCode: 202, error: null });
    expect(result.responseBody).toHaveLength(RESPONSE_BODY_CHARS);
    const last = received.at(-1)!;
    expect(last.body).toBe(body);
    expect(() =>
      new Webhook(SECRET).verify(last.body, {
        'webhook-id': String(last.headers['webhook-id']),
        'webhook-timestamp': String(last.headers['webhook-timestamp']),
        'webhook-signature': String(last.headers['webhook-signature']),
      }),
    ).not.toThrow();
  });

  it('refuses a loopback endpoint under the production policy without sending anything', async () => {
    const before = received.length;
    const result = await sendSigned({
      url,
      eventId: 'evt_2',
      body: '{}',
      secrets: [SECRET],
      timeoutMs: 5_000,
      policy: { requireHttps: false, allowPrivate: false },
    });
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain('loopback');
    expect(received).toHaveLength(before);
  });
});
