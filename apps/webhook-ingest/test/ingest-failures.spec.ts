import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '@switchboard/config';
import { createDb, type Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import { Counter, createLogger, createMetrics } from '@switchboard/observability';
import { signTwilioRequest } from '@switchboard/providers';
import { testEnv } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { webhookIngestConfigSchema } from '@switchboard/app-config/webhook-ingest';
import type { EventPublisher } from '../src/event-publisher';
import type { IngestDeps } from '../src/ingest';
import { twilioRouter } from '../src/routes/twilio.routes';
import { createWebhookLogRepository } from '../src/webhook-log.repository';

/** webhook-ingest's promise: no 2xx unless the event is durable. */
describe('webhook ingest when a dependency is down', () => {
  let database: Db;
  let server: Server;
  let base: string;
  let publish: EventPublisher;

  beforeAll(async () => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const log = createLogger({ service: 'test', level: 'silent' });
    const metrics = createMetrics('webhook-ingest-test');
    const deps: IngestDeps = {
      logs: createWebhookLogRepository(database.db),
      publish: (events) => publish(events),
      received: new Counter({
        name: 'w_total',
        help: 'w',
        labelNames: ['provider', 'outcome'],
        registers: [metrics.registry],
      }),
      log,
      refusals: { record: async () => undefined },
    };
    const http = createHttpService({
      log,
      metrics,
      checks: {},
      routes: (app) => app.use('/api/v1/webhooks/twilio', twilioRouter(config(), deps)),
    });
    server = http.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await database.close();
  });

  function config() {
    return loadConfig(webhookIngestConfigSchema, {
      ENVIRONMENT: 'test',
      PUBLIC_BASE_URL: 'http://public.example',
    });
  }

  async function post(sid: string) {
    const params = { MessageSid: sid, MessageStatus: 'delivered' };
    return fetch(`${base}/api/v1/webhooks/twilio`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(
          'sandbox-twilio-token',
          'http://public.example/api/v1/webhooks/twilio',
          params,
        ),
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  it('answers 503 when the events cannot be published, and keeps the raw webhook', async () => {
    publish = async () => {
      throw new Error('no responders');
    };
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const res = await post(sid);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const logged = await database.db
      .selectFrom('webhook_logs')
      .selectAll()
      .where('body', 'like', `%${sid}%`)
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      provider: 'twilio',
      signature_verdict: 'valid',
      outcome: 'failed',
    });
  });

  it('answers 200 once published, and logs it accepted', async () => {
    const published: unknown[] = [];
    publish = async (events) => {
      published.push(...events.statuses);
      return { published: events.statuses.length, duplicates: 0 };
    };
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    expect((await post(sid)).status).toBe(200);
    expect(published).toEqual([
      expect.objectContaining({ provider_message_id: sid, status: 'delivered' }),
    ]);
    const [logged] = await database.db
      .selectFrom('webhook_logs')
      .selectAll()
      .where('body', 'like', `%${sid}%`)
      .execute();
    expect(logged).toMatchObject({ outcome: 'accepted' });
    expect(logged!.completed_at).toBeInstanceOf(Date);
  });

  it('answers 503 when the audit log cannot be written', async () => {
    const broken = createDb({
      url: 'postgres://postgres@127.0.0.1:1/nowhere',
      connectTimeoutMs: 500,
    });
    const log = createLogger({ service: 'test', level: 'silent' });
    const metrics = createMetrics('webhook-ingest-broken');
    let called = false;
    const http = createHttpService({
      log,
      metrics,
      checks: {},
      routes: (app) =>
        app.use(
          '/api/v1/webhooks/twilio',
          twilioRouter(config(), {
            logs: createWebhookLogRepository(broken.db),
            publish: async () => {
              called = true;
              return { published: 0, duplicates: 0 };
            },
            received: new Counter({
              name: 'w2_total',
              help: 'w',
              labelNames: ['provider', 'outcome'],
              registers: [metrics.registry],
            }),
            log,
            refusals: { record: async () => undefined },
          }),
        ),
    });
    const other = http.app.listen(0, '127.0.0.1');
    await new Promise((r) => other.once('listening', r));
    const params = { MessageSid: 'SM1', MessageStatus: 'sent' };
    const res = await fetch(
      `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/v1/webhooks/twilio`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(
            'sandbox-twilio-token',
            'http://public.example/api/v1/webhooks/twilio',
            params,
          ),
        },
        body: new URLSearchParams(params).toString(),
      },
    );
    expect(res.status).toBe(503);
    expect(called).toBe(false);
    other.closeAllConnections();
    await new Promise((r) => other.close(r));
    await broken.close();
  });
});
