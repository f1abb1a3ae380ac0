import { Router } from 'express';
import { AppError } from '@switchboard/contracts';
import {
  createLogger,
  createMetrics,
  currentCorrelation,
  type ServiceMetrics,
} from '@switchboard/observability';
import {
  checkReadiness,
  createHttpService,
  degradable,
  type HttpService,
  type ReadinessCheck,
} from './http-service';

const silent = createLogger({ service: 'test', level: 'silent' });

interface Running {
  http: HttpService;
  metrics: ServiceMetrics;
  url: string;
}

let running: Running | undefined;

async function start(checks: Record<string, ReadinessCheck> = {}): Promise<Running> {
  const metrics = createMetrics('test');
  const http = createHttpService({
    log: silent,
    metrics,
    checks,
    readinessTimeoutMs: 200,
    routes: (app) => {
      const things = Router();
      things.get('/:id', (req, res) => {
        if (req.params['id'] === 'bad')
          throw AppError.validation([{ field: 'id', message: 'bad' }]);
        res.json({ id: req.params['id'], correlation: currentCorrelation() });
      });
      things.post('/', (_req, res) => void res.status(201).end());
      app.use('/api/v1/things', things);
      app.get('/slow', async (_req, res) => {
        await new Promise((r) => setTimeout(r, 300));
        res.json({ done: true });
      });
    },
  });
  const address = await http.listen(0, '127.0.0.1');
  running = { http, metrics, url: `http://127.0.0.1:${address.port}` };
  return running;
}

afterEach(async () => {
  await running?.http.close(1_000);
  running = undefined;
});

/** The `route` labels of http_requests_total, from the registry's own exposition. */
async function routeLabels(metrics: ServiceMetrics): Promise<string[]> {
  const text = await metrics.registry.metrics();
  return [...text.matchAll(/^http_requests_total\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]!);
}

describe('RED metrics', () => {
  it('labels every request with its route template, including failed ones in mounted routers', async () => {
    const { url, metrics } = await start();
    await fetch(`${url}/api/v1/things/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b`);
    await fetch(`${url}/api/v1/things/bad`);
    await fetch(`${url}/api/v1/things`, { method: 'POST' });
    await fetch(`${url}/api/v1/things/x/y/z`);
    await fetch(`${url}/health`);

    const routes = await routeLabels(metrics);
    expect(new Set(routes)).toEqual(
      new Set(['/api/v1/things/:id', '/api/v1/things', 'unmatched', '/health']),
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/things\/:id",status="400",service="test"\} 1/,
    );
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/things\/:id",status="200",service="test"\} 1/,
    );
  });

  it('serves Node process and event-loop metrics on /metrics', async () => {
    const { url } = await start();
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const family of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'http_request_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
  });
});

describe('request ids', () => {
  it("echoes the client's id and makes it the correlation of the work", async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/v1/things/1`, { headers: { 'X-Request-Id': 'client-42' } });
    expect(res.headers.get('x-request-id')).toBe('client-42');
    expect(((await res.json()) as { correlation: unknown }).correlation).toEqual({
      request_id: 'client-42',
    });
  });

  it('replaces a missing or unsafe id with a fresh one', async () => {
    const { url } = await start();
    const ids = [];
    for (const header of [undefined, 'has spaces', 'x'.repeat(200)]) {
      const res = await fetch(`${url}/api/v1/things/1`, {
        headers: header ? { 'X-Request-Id': header } : {},
      });
      ids.push(res.headers.get('x-request-id'));
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('is set on error answers too', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/nowhere`, { headers: { 'X-Request-Id': 'lost-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('lost-1');
  });
});

describe('health and readiness', () => {
  it('reports liveness with the event-loop delay', async () => {
    const { url } = await start();
    const body = (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok' });
    const delay = body['event_loop_delay_ms'] as Record<string, number>;
    expect(Object.keys(delay).sort()).toEqual(['max', 'p50', 'p99']);
    for (const v of Object.values(delay)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('lists each dependency, and is unavailable when one is down or does not answer in time', async () => {
    const { url } = await start({
      postgres: async () => undefined,
      nats: () => new Promise(() => undefined),
      redis: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'unavailable',
      checks: {
        postgres: { status: 'up' },
        nats: { status: 'down', error: 'nats did not answer within 200 ms' },
        redis: { status: 'down', error: 'ECONNREFUSED' },
      },
    });
  });

  it('stops being ready while draining, while still alive and finishing what runs', async () => {
    const { url, http } = await start({ nats: async () => undefined });
    expect((await fetch(`${url}/ready`)).status).toBe(200);

    const inFlight = fetch(`${url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    http.drain();

    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'draining',
      checks: { nats: { status: 'up' } },
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const slow = await inFlight;
    expect(slow.status).toBe(200);
  });
});

describe('checkReadiness', () => {
  it('is not ready when a required dependency is down, and ready when only a degradable one is', async () => {
    const down = () => Promise.reject(new Error('connection refused'));
    const up = () => Promise.resolve();
    expect(await checkReadiness({ nats: up, postgres: down }, 100)).toMatchObject({
      ready: false,
      checks: { nats: { status: 'up' }, postgres: { status: 'down', error: 'connection refused' } },
    });
    expect(await checkReadiness({ nats: up, redis: degradable(down) }, 100)).toMatchObject({
      ready: true,
      checks: { redis: { status: 'degraded', error: 'connection refused' } },
    });
  });
});
