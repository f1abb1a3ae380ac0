/**
 * The HTTP ceiling: a bare express 5 app that parses a JSON POST with `express.json()` and
 * answers 201 with a stored-message-sized JSON body — no validation, no storage, no messaging.
 * Run as its own process by the benchmark; prints `listening <port>`.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';

async function main() {
  const app = express();
  app.use(express.json());
  let next = 0;
  app.post('/messages', (req, res) => {
    const body = req.body as { from?: string; to?: string; body?: string };
    const now = new Date().toISOString();
    next += 1;
    res.status(201).json({
      id: `00000000-0000-7000-8000-${String(next).padStart(12, '0')}`,
      conversation_id: '00000000-0000-7000-8000-000000000000',
      direction: 'outbound',
      type: 'sms',
      from: body.from,
      to: body.to,
      subject: null,
      body: body.body,
      attachments: [],
      metadata: null,
      status: 'queued',
      provider: null,
      provider_message_id: null,
      encoding: 'GSM-7',
      segments: 1,
      error_code: null,
      error_message: null,
      timestamp: null,
      created_at: now,
      updated_at: now,
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
