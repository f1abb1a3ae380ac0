// The real provider-sandbox, started as its own process, and a stand-in for our voice endpoints:
// the voice adapters' suites drive the vendors' SDKs against it over HTTP.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, freePort, startApp, type RunningApp } from '@switchboard/testing';

export const SANDBOX_CREDENTIALS = {
  twilioAccountSid: 'ACvoice0000000000000000000000000000',
  twilioAuthToken: 'voice-suite-token',
  telnyxApiKey: 'KEYvoicesuite',
} as const;

/** A call as `GET /sandbox/calls` lists it (the fields these suites read). */
export interface ListedCall {
  provider: string;
  sid: string;
  to: string;
  status: string;
  answered_by: string | null;
  machine_detection: string | null;
  heard: { verb: string; at: number; text?: string; url?: string; voice?: string | null }[];
  voicemail: { beep_at: number; content_after_beep: boolean | null } | null;
  ended_at: string | null;
  callbacks: { status: string }[];
}

export interface VoiceSandbox {
  url: string;
  setAnswer(
    number: string,
    answer: 'human' | 'machine' | 'busy' | 'no-answer' | 'fail',
  ): Promise<void>;
  fault(setting: Record<string, unknown>): Promise<void>;
  calls(): Promise<ListedCall[]>;
  /** The call once it ended and `callbacks` callbacks about it were answered. */
  ended(sid: string, callbacks?: number): Promise<ListedCall>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
}

/** Boots `apps/provider-sandbox` on free ports, callbacks on and calls fast. */
export async function startVoiceSandbox(): Promise<VoiceSandbox> {
  const port = await freePort();
  const app: RunningApp = startApp('provider-sandbox', port, {
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'warn',
    SANDBOX_SMTP_PORT: '0',
    SANDBOX_CALLBACKS: 'true',
    SANDBOX_CALL_STEP_MS: '2',
    SANDBOX_CALLBACK_RETRY_MS: '10',
    SANDBOX_TWILIO_ACCOUNT_SID: SANDBOX_CREDENTIALS.twilioAccountSid,
    SANDBOX_TWILIO_AUTH_TOKEN: SANDBOX_CREDENTIALS.twilioAuthToken,
    SANDBOX_TELNYX_API_KEY: SANDBOX_CREDENTIALS.telnyxApiKey,
  });
  const url = app.url;
  await eventually(
    async () => (await fetch(`${url}/health`)).ok,
    (ok) => ok,
    { timeoutMs: 60_000, intervalMs: 100, what: 'provider-sandbox healthy' },
  );
  const calls = async () => (await (await fetch(`${url}/sandbox/calls`)).json()) as ListedCall[];

  return {
    url,
    setAnswer: (number, answer) => post(`${url}/sandbox/voice`, { number, answer }),
    fault: (setting) => post(`${url}/sandbox/faults`, setting),
    calls,
    ended: (sid, callbacks = 0) =>
      eventually(
        async () => (await calls()).find((call) => call.sid === sid),
        (call) => !!call?.ended_at && call.callbacks.length >= callbacks,
        { timeoutMs: 5_000, intervalMs: 20, what: `call ${sid} ended` },
      ) as Promise<ListedCall>,
    async reset() {
      await Promise.all(
        ['calls', 'voice', 'faults'].map((part) =>
          fetch(`${url}/sandbox/${part}`, { method: 'DELETE' }),
        ),
      );
    },
    async stop() {
      await app.stop();
    },
  };
}

/** One request our stand-in endpoints took. */
export interface EndpointRequest {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  form: Record<string, string>;
}

export interface VoiceEndpoints {
  origin: string;
  received: EndpointRequest[];
  to(path: string): EndpointRequest[];
  waitFor(path: string, count: number): Promise<EndpointRequest[]>;
  stop(): Promise<void>;
}

/**
 * Our status-callback and instruction endpoints, stood in for: every request is kept; a request
 * is answered with `answer(request)` (TwiML), an empty `<Response/>` by default.
 */
export async function startVoiceEndpoints(
  answer: (request: EndpointRequest) => string | undefined = () => undefined,
): Promise<VoiceEndpoints> {
  const received: EndpointRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const request = {
        path: req.url ?? '/',
        headers: req.headers,
        raw,
        form: Object.fromEntries(new URLSearchParams(raw)),
      };
      received.push(request);
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(answer(request) ?? '<Response/>');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const to = (path: string) => received.filter((r) => r.path.split('?')[0] === path);
  return {
    origin,
    received,
    to,
    async waitFor(path, count) {
      await eventually(
        async () => to(path).length,
        (n) => n >= count,
        { timeoutMs: 5_000, intervalMs: 10, what: `${count} requests to ${path}` },
      );
      return to(path).slice(0, count);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
