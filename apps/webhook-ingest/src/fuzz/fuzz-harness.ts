import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@switchboard/config';
import { InboundMessageEvent, StatusEvent, isStorableText } from '@switchboard/contracts';
import { createHttpService } from '@switchboard/http';
import { Counter, createLogger, createMetrics } from '@switchboard/observability';
import { webhookIngestConfigSchema } from '@switchboard/app-config/webhook-ingest';
import type { IngestDeps } from '../ingest';
import type { NormalizedWebhook } from '../normalize/normalized-webhook';
import { compatWebhooksRouter } from '../routes/compat.routes';
import { sendGridRouter } from '../routes/sendgrid.routes';
import { twilioRouter } from '../routes/twilio.routes';
import { TWILIO_VOICE_BASE, twilioVoiceRouter } from '../routes/twilio-voice.routes';
import type { InboundCallRepository } from '../voice/inbound-call.repository';
import type { WebhookLogRepository } from '../webhook-log.repository';
import type { InboundCallRow } from '@switchboard/db';

/*
 * The harness of the property-based tests of webhook-ingest's parsers (`*.fuzz.spec.ts`): they
 * post through HTTP to the real routers, with the audit log and the event publisher replaced by
 * in-memory fakes (the parsers are what is under test; the real log and JetStream are covered by
 * the e2e suites). Whatever arrives, the answer is a 2xx or a problem+json 4xx — never a 5xx,
 * which would make the provider retry a poison webhook forever — and whatever is accepted is a
 * contract event that can be stored.
 */

export const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** Every webhook route, as providers reach it. */
export const WEBHOOK_PATHS = [
  '/api/v1/webhooks/twilio',
  '/api/v1/webhooks/twilio/voice',
  '/api/v1/webhooks/twilio/voice/recorded',
  '/api/v1/webhooks/twilio/voice/recording',
  '/api/v1/webhooks/twilio/voice/transcription',
  '/api/v1/webhooks/twilio/voice/inbound-status',
  '/api/v1/webhooks/sendgrid',
  '/api/v1/webhooks/sendgrid/inbound',
  '/api/webhooks/sms',
  '/api/webhooks/email',
] as const;

/** Every string inside a value can be stored by PostgreSQL as it is. */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(storable);
  if (value && typeof value === 'object') return Object.values(value).every(storable);
  return true;
}

/**
 * The calls answered, in memory: every number is claimed, so each call is offered the voicemail
 * and the callbacks that follow find it.
 */
function memoryCalls(): InboundCallRepository {
  const calls = new Map<string, InboundCallRow>();
  return {
    settingsOf: async () => ({ greeting: null, forwardTo: null }),
    async answered(call) {
      if (!calls.has(call.callSid)) {
        calls.set(call.callSid, {
          call_sid: call.callSid,
          provider: call.provider,
          from_addr: call.from,
          to_addr: call.to,
          mode: call.mode,
          recording_url: null,
          duration_seconds: null,
          recorded_at: null,
          ended_at: null,
          created_at: new Date(),
        });
      }
      return calls.get(call.callSid)!;
    },
    async recorded(callSid, recording) {
      const call = calls.get(callSid);
      if (!call) return undefined;
      call.recording_url = recording.url;
      call.duration_seconds = recording.durationSeconds ?? call.duration_seconds;
      call.recorded_at ??= new Date();
      return { ...call };
    },
    async ended(callSid) {
      const call = calls.get(callSid);
      const before = call && { ...call };
      if (call) call.ended_at ??= new Date();
      return before;
    },
    find: async (callSid) => calls.get(callSid),
  };
}

function startApp(verify: boolean) {
  const published: NormalizedWebhook[] = [];
  const logged: { body: string | null; headers: Record<string, string> }[] = [];
  const logs: WebhookLogRepository = {
    insert: async (entry) => {
      logged.push({ body: entry.body, headers: entry.headers });
      return String(logged.length);
    },
    complete: async () => undefined,
  };
  const metrics = createMetrics('webhook-ingest');
  const deps: IngestDeps = {
    logs,
    publish: async (events) => {
      // What the real publisher would refuse (publishEvent validates), or what the database
      // could not store, must never be accepted: the test fails as if it were a 5xx.
      for (const e of events.statuses) StatusEvent.parse(e);
      for (const e of events.inbound) InboundMessageEvent.parse(e);
      if (!storable(events)) throw new Error('accepted an event that cannot be stored');
      published.push(events);
      return { published: events.statuses.length + events.inbound.length, duplicates: 0 };
    },
    received: new Counter({
      name: 'webhooks_received_total',
      help: 'test',
      labelNames: ['provider', 'outcome'],
      registers: [metrics.registry],
    }),
    log: createLogger({ service: 'webhook-ingest', level: 'silent' }),
    refusals: { record: async () => undefined },
  };
  const config = loadConfig(webhookIngestConfigSchema, {
    WEBHOOK_VERIFY: verify ? 'true' : 'false',
    ENVIRONMENT: 'test',
  });
  const http = createHttpService({
    log: deps.log,
    metrics,
    checks: {},
    routes: (app) => {
      app.use(TWILIO_VOICE_BASE, twilioVoiceRouter(config, deps, memoryCalls()));
      app.use('/api/v1/webhooks/twilio', twilioRouter(config, deps));
      app.use('/api/v1/webhooks/sendgrid', sendGridRouter(config, deps));
      app.use('/api/webhooks', compatWebhooksRouter(config, deps));
    },
  });
  return { app: http.app, published, logged };
}

/** What a fuzz suite posts to: the routers listening on a free port, and what they handed on. */
export interface FuzzTarget {
  /** The base URL, once the server listens (read it inside a test). */
  readonly base: string;
  readonly published: NormalizedWebhook[];
  readonly logged: { body: string | null; headers: Record<string, string> }[];
}

/**
 * The webhook routers served for the enclosing `describe`: with `verify` off (development) every
 * body reaches its parser; with it on (production) signatures and secrets are checked first.
 */
export function serveWebhooks(verify: boolean): FuzzTarget {
  const { app, published, logged } = startApp(verify);
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));
  return {
    get base() {
      return base;
    },
    published,
    logged,
  };
}

export interface Answer {
  status: number;
  type: string;
  text: string;
}

export async function post(
  base: string,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

/** The property every answer must have. */
export function expectWellFormed(answer: Answer, accepted: readonly number[]): void {
  if (answer.status >= 500 || (answer.status < 400 && !accepted.includes(answer.status))) {
    throw new Error(`unexpected ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  if (answer.status >= 400) {
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ status: answer.status });
  }
}
