import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@switchboard/testing';

/** One request the server took: a call webhook, a callback or an instruction request. */
export interface VoiceRequest {
  method: string;
  /** Path and query, as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The form fields (of the body, or of the query for a GET). */
  form: Record<string, string>;
}

/** What the server answers a request with: TwiML (200) unless told otherwise. */
export type VoiceAnswer = string | { status: number; body?: string };

export interface VoiceServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: VoiceRequest[];
  /** Requests to one path (without the query), in arrival order. */
  to(path: string): VoiceRequest[];
  /** Resolves once `count` requests to `path` arrived. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<VoiceRequest[]>;
  stop(): Promise<void>;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Our voice endpoints, stood in for: it keeps every request and answers with `answer(request)`
 * (TwiML, or a status), an empty `<Response/>` by default, as a status callback receiver would.
 */
export async function startVoiceServer(
  answer: (request: VoiceRequest) => VoiceAnswer | undefined = () => undefined,
): Promise<VoiceServer> {
  const received: VoiceRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const form = Object.fromEntries(
        req.method === 'GET' ? url.searchParams : new URLSearchParams(raw),
      );
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        raw,
        form,
      };
      received.push(request);
      const reply = answer(request) ?? EMPTY_TWIML;
      const { status, body } = typeof reply === 'string' ? { status: 200, body: reply } : reply;
      res.writeHead(status, { 'content-type': 'text/xml' }).end(body ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const to = (path: string) => received.filter((r) => r.path.split('?')[0] === path);

  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    to,
    async waitFor(path, count, timeoutMs = 5_000) {
      await eventually(
        async () => to(path).length,
        (n) => n >= count,
        { timeoutMs, intervalMs: 10, what: `${count} requests to ${path}` },
      );
      return to(path).slice(0, count);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
