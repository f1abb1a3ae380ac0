import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { inspectionRoutes } from './inspection-routes';
import { MessageStore } from './message-store';

describe('GET /sandbox/messages', () => {
  let server: Server;
  let origin: string;
  const store = new MessageStore(5_000);
  beforeAll(async () => {
    for (let i = 0; i < 2_500; i += 1) {
      store.add({
        provider: 'twilio',
        channel: 'sms',
        from: '+15559870000',
        to: `+1555123${String(i % 10).padStart(4, '0')}`,
        subject: null,
        body: `message ${i} "quoted" \u2713`,
        html: null,
        media: [],
        provider_message_id: `SM${i}`,
        status_callback: null,
        custom_args: null,
        received_at: new Date(i).toISOString(),
      });
    }
    const app = express();
    app.use(inspectionRoutes({ store }));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves a long listing whole, oldest first, as JSON', async () => {
    const res = await fetch(`${origin}/sandbox/messages`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(store.list())));
  });

  it('filters a long listing as a short one', async () => {
    const res = await fetch(`${origin}/sandbox/messages?to=%2B15551230003`);
    const listed = (await res.json()) as { provider_message_id: string }[];
    expect(listed).toHaveLength(250);
    expect(listed[1]?.provider_message_id).toBe('SM13');
  });
});
