import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/** One request an endpoint received. */
export interface ReceivedHook {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** How an endpoint answers: a status (after an optional delay in ms). */
export type Responder = (hook: ReceivedHook, count: number) => { status: number; delayMs?: number };

/**
 * A client app's webhook endpoints: a node:http server on loopback that records what each path
 * received and answers as told (200 unless a path has its own responder).
 */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const responders = new Map<string, Responder>();
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook: ReceivedHook = {
        path: req.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(',') : (v ?? ''),
          ]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(hook);
      const count = (counts.get(hook.path) ?? 0) + 1;
      counts.set(hook.path, count);
      const answer = responders.get(hook.path)?.(hook, count) ?? { status: 200 };
      const send = () => {
        if (!res.destroyed)
          res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(`answer ${count}`);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** What `path` received so far, parsed. */
    at: (path: string) => received.filter((h) => h.path === path),
    respond: (path: string, responder: Responder) => responders.set(path, responder),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}
