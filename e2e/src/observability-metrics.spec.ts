import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageResource } from '@switchboard/contracts';
import {
  APP_NAMES,
  eventually,
  startStack,
  type AppName,
  type Stack,
  createTestDatabase,
  metricNamesIn,
  type TestDatabase,
} from '@switchboard/testing';
import { parse as parseYaml } from 'yaml';
import { api, uniquePhone } from './api-client';
import { PROM_CLIENT_DEFAULTS, UNBOUNDED_VALUES, namesExposedBy } from './support/metric-names';
import {
  promtool,
  promtoolCheckMetrics,
  samplesOf,
  scrapeMetrics,
  total,
  type PromMetrics,
} from './support/prometheus-scrape';

const ROOT = path.resolve(__dirname, '../..');

const NATS_APPS: readonly AppName[] = APP_NAMES.filter((a) => a !== 'provider-sandbox');
const POSTGRES_APPS: readonly AppName[] = [
  'conversation-service',
  'sms-dispatcher',
  'email-dispatcher',
  'webhook-ingest',
];

describe('metrics of every service after an end-to-end run', () => {
  let stack: Stack;
  // A database of its own: a stack on a shared one relays other stacks' messages, and they its.
  let database: TestDatabase;
  const scraped = new Map<AppName, { text: string; families: PromMetrics }>();
  const families = (app: AppName) => scraped.get(app)!.families;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({
      env: { DATABASE_URL: database.url },
    });
    const gateway = stack.url('gateway');

    const sms = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: '+15551234567',
      to: uniquePhone(),
      type: 'sms',
      body: 'metrics',
    });
    const email = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'team@switchboard.test',
      to: `metrics-${Date.now()}@example.com`,
      type: 'email',
      subject: 'metrics',
      body: '<p>metrics</p>',
    });
    expect([sms.status, email.status]).toEqual([201, 201]);
    for (const id of [sms.body.id, email.body.id]) {
      await eventually(
        async () => (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body,
        (m) => m.status === 'delivered',
        { what: `message ${id} delivered`, timeoutMs: 30_000 },
      );
    }
    // An unsigned callback through the gateway's webhook proxy: refused, and counted as such.
    const unsigned = await fetch(`${gateway}/api/v1/webhooks/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'MessageSid=SM00000000000000000000000000000000&MessageStatus=delivered',
    });
    expect(unsigned.status).toBe(400);

    // Counters settle shortly after the statuses are visible (the acks, the last callbacks).
    await eventually(
      async () => {
        for (const app of APP_NAMES) scraped.set(app, await scrapeMetrics(stack.url(app)));
        return scraped;
      },
      () =>
        total(families('conversation-service'), 'message_status_transitions_total', {
          status: 'delivered',
        }) >= 2 &&
        total(families('webhook-ingest'), 'webhooks_received_total', { outcome: 'rejected' }) >=
          1 &&
        total(families('sms-dispatcher'), 'jetstream_consumer_ack_pending_messages') === 0 &&
        total(families('conversation-service'), 'outbox_backlog_messages') === 0,
      { what: 'metrics of the finished run', timeoutMs: 30_000, intervalMs: 500 },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it.each(APP_NAMES)('%s serves well-formed Prometheus text (promtool check metrics)', (app) => {
    const bin = promtool();
    if (!bin) return; // Prometheus' own parser is optional here: apt-get install prometheus.
    const { status, problems } = promtoolCheckMetrics(bin, scraped.get(app)!.text);
    expect(status === 0 || status === 3).toBe(true);
    // Lint findings are allowed only on prom-client's own process metrics.
    expect(problems.filter((p) => !PROM_CLIENT_DEFAULTS.test(p))).toEqual([]);
  });

  it.each(APP_NAMES)('%s reports HTTP RED metrics and its Node runtime', (app) => {
    const f = families(app);
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(f).toHaveProperty([name]);
    }
    expect(f['http_request_duration_seconds']!.type).toBe('histogram');
    for (const sample of samplesOf(f, 'http_requests_total')) {
      expect(sample.labels['service']).toBe(app);
    }
  });

  it('labels gateway routes with their templates, the webhook proxy included', () => {
    const f = families('gateway');
    expect(total(f, 'http_requests_total', { route: '/api/v1/messages/send', status: '201' })).toBe(
      2,
    );
    expect(total(f, 'http_requests_total', { route: '/api/v1/messages/:id' })).toBeGreaterThan(0);
    expect(
      total(f, 'http_requests_total', { route: '/api/v1/webhooks/{*path}', status: '400' }),
    ).toBe(1);
    // Sandbox callbacks came through the proxy too.
    expect(
      total(f, 'http_requests_total', { route: '/api/v1/webhooks/{*path}', status: '200' }) +
        total(f, 'http_requests_total', { route: '/api/v1/webhooks/{*path}', status: '204' }),
    ).toBeGreaterThan(0);
    const routes = new Set(samplesOf(f, 'http_requests_total').map((s) => s.labels['route']));
    for (const route of routes) expect(route).toMatch(/^(\/[\w.{}*:/-]*|unmatched)$/);
  });

  it.each(NATS_APPS)('%s reports its NATS connection up', (app) => {
    expect(total(families(app), 'nats_connected')).toBe(1);
    expect(families(app)).toHaveProperty(['nats_reconnects_total']);
  });

  it.each(POSTGRES_APPS)('%s reports its PostgreSQL pool', (app) => {
    const f = families(app);
    expect(total(f, 'pg_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(total(f, 'pg_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(total(f, 'pg_pool_max_connections')).toBeGreaterThan(0);
    expect(total(f, 'pg_pool_waiting_clients')).toBe(0);
  });

  it('gateway reports its Redis connection', () => {
    expect(total(families('gateway'), 'redis_connected')).toBe(1);
  });

  it('conversation-service counts messages accepted and every status transition by channel and provider', () => {
    const f = families('conversation-service');
    for (const channel of ['sms', 'email']) {
      expect(
        total(f, 'messages_accepted_total', { channel, direction: 'outbound' }),
      ).toBeGreaterThanOrEqual(1);
    }
    // `sending` is reported before a provider is chosen.
    for (const channel of ['sms', 'email']) {
      expect(
        total(f, 'message_status_transitions_total', {
          status: 'sending',
          channel,
          provider: 'none',
        }),
      ).toBe(1);
    }
    for (const [channel, provider] of [
      ['sms', 'twilio'],
      ['email', 'sendgrid'],
    ] as const) {
      for (const status of ['sent', 'delivered']) {
        expect(total(f, 'message_status_transitions_total', { status, channel, provider })).toBe(1);
      }
    }
    // Callbacks that overtake the dispatcher's own report are parked first, then applied late.
    expect(total(f, 'status_events_total', { outcome: 'applied' })).toBeGreaterThanOrEqual(4);
    // The two dispatch commands, and the client events these sends produced (conversation.created,
    // message.status …), which leave through the same outbox.
    expect(total(f, 'outbox_relayed_total')).toBeGreaterThan(2);
    expect(total(f, 'outbox_backlog_messages')).toBe(0);
    expect(total(f, 'outbox_oldest_message_age_seconds')).toBe(0);
  });

  it('conversation-service reports its JetStream consumers', () => {
    const f = families('conversation-service');
    const consumers = samplesOf(f, 'jetstream_consumer_pending_messages').map(
      (s) => `${s.labels['stream']}/${s.labels['consumer']}`,
    );
    expect(consumers.sort()).toEqual([
      'EVENTS/conversation-service-inbound',
      'EVENTS/conversation-service-status',
    ]);
    expect(
      total(f, 'jetstream_deliveries_total', {
        consumer: 'conversation-service-status',
        outcome: 'ack',
      }),
    ).toBeGreaterThanOrEqual(6);
    expect(total(f, 'jetstream_consumer_ack_pending_messages')).toBe(0);
    expect(total(f, 'jetstream_stream_messages', { stream: 'EVENTS' })).toBeGreaterThanOrEqual(6);
    expect(f).toHaveProperty(['jetstream_redeliveries_total']);
    expect(f).toHaveProperty(['jetstream_max_deliveries_total']);
  });

  it.each([
    ['sms-dispatcher', 'sms', 'twilio'],
    ['email-dispatcher', 'email', 'sendgrid'],
  ] as const)(
    '%s reports sends, provider calls, circuits and its queue',
    (app, channel, provider) => {
      const f = families(app);
      expect(total(f, 'dispatch_outcomes_total', { channel, provider, outcome: 'sent' })).toBe(1);
      expect(
        total(f, 'provider_request_duration_seconds', { provider, outcome: 'sent' }),
      ).toBeGreaterThanOrEqual(1);
      expect(total(f, 'provider_errors_total')).toBe(0);
      expect(total(f, 'provider_circuit_state', { provider })).toBe(0);
      expect(f).toHaveProperty(['provider_failovers_total']);
      expect(
        total(f, 'jetstream_consumer_pending_messages', { stream: 'DISPATCH', consumer: app }),
      ).toBe(0);
      expect(total(f, 'jetstream_consumer_ack_pending_messages', { consumer: app })).toBe(0);
      expect(
        total(f, 'jetstream_deliveries_total', { consumer: app, outcome: 'ack' }),
      ).toBeGreaterThanOrEqual(1);
      // The dead-letter stream exists (provisioned with the others) and holds nothing.
      expect(samplesOf(f, 'jetstream_stream_messages').map((s) => s.labels['stream'])).toContain(
        'DEAD_LETTER',
      );
      expect(total(f, 'jetstream_stream_messages', { stream: 'DEAD_LETTER' })).toBe(0);
    },
  );

  it('webhook-ingest counts webhooks by provider and outcome', () => {
    const f = families('webhook-ingest');
    expect(
      total(f, 'webhooks_received_total', { provider: 'twilio', outcome: 'accepted' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      total(f, 'webhooks_received_total', { provider: 'sendgrid', outcome: 'accepted' }),
    ).toBeGreaterThanOrEqual(1);
    expect(total(f, 'webhooks_received_total', { provider: 'twilio', outcome: 'rejected' })).toBe(
      1,
    );
  });

  it.each(APP_NAMES)('%s keeps label values bounded: no ids, numbers or addresses', (app) => {
    const offending: string[] = [];
    for (const [name, family] of Object.entries(families(app))) {
      for (const sample of samplesOf({ [name]: family }, name)) {
        for (const [label, value] of Object.entries(sample.labels)) {
          for (const [what, pattern] of Object.entries(UNBOUNDED_VALUES)) {
            if (pattern.test(value)) offending.push(`${name}{${label}="${value}"}: ${what}`);
          }
        }
      }
    }
    expect(offending).toEqual([]);
  });

  /** Every metric name any service exposes, histograms with their series suffixes. */
  const exposedNames = () => namesExposedBy(scraped.values());

  it('the Grafana dashboard only queries metrics the services expose', () => {
    const dashboard = JSON.parse(
      readFileSync(path.join(ROOT, 'infra/grafana/switchboard-dashboard.json'), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const exposed = exposedNames();
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(20);
    const unknown = exprs.flatMap(metricNamesIn).filter((name) => !exposed.has(name));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('the alert rules only query metrics the services expose', () => {
    const rules = parseYaml(
      readFileSync(path.join(ROOT, 'infra/prometheus/alerts.yml'), 'utf8'),
    ) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const exposed = exposedNames();
    const exprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    const unknown = exprs.flatMap(metricNamesIn).filter((name) => !exposed.has(name));
    expect([...new Set(unknown)]).toEqual([]);
  });
});
