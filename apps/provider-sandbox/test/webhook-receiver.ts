import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@switchboard/testing';

/** One request the receiver took, as it came over the wire. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** The status it was answered with. */
  status: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedWebhook[];
  /** Resolves with the first `count` requests once they arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  stop(): Promise<void>;
}

/**
 * A tiny HTTP server standing in for our webhook endpoints: it keeps every request and
 * answers with `statuses` in turn (the last one for ever after), 200 by default.
 */
export async function startWebhookReceiver(
  statuses: readonly number[] = [200],
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = statuses[Math.min(received.length, statuses.length - 1)] ?? 200;
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        raw: Buffer.concat(chunks),
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 5_000) {
      await eventually(
        async () => received.length,
        (n) => n >= count,
        { timeoutMs, intervalMs: 10, what: `${count} webhooks` },
      );
      return received.slice(0, count);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A form-encoded body as a flat record (no repeated keys in Twilio's webhooks). */
export function formOf(webhook: ReceivedWebhook): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(webhook.raw.toString('utf8')));
}
