import type { IncomingMessage } from 'node:http';
import { createLogger, createMetrics, type ServiceMetrics } from '@switchboard/observability';
import { until } from '@switchboard/testing';
import { createHttpService, type HttpService } from './http-service';
import { OVER_CAPACITY_ROUTE } from './in-flight-bound';
import { PROBLEM_CONTENT_TYPE } from './problem';

const silent = createLogger({ service: 'test', level: 'silent' });

interface Running {
  http: HttpService;
  metrics: ServiceMetrics;
  url: string;
  /** Answers every request `/hold` is holding. */
  release(): void;
  /** Requests `/hold` has received so far. */
  held(): number;
}

let running: Running | undefined;

const isStream = (req: IncomingMessage) => req.url === '/stream';

async function start(max: number): Promise<Running> {
  const metrics = createMetrics('test');
  let waiting: Array<() => void> = [];
  let received = 0;
  const http = createHttpService({
    log: silent,
    metrics,
    checks: {},
    inFlight: { max, exempt: isStream },
    routes: (app) => {
      const hold = async (_req: unknown, res: { json(body: unknown): void }) => {
        received += 1;
        await new Promise<void>((resolve) => waiting.push(resolve));
        res.json({ done: true });
      };
      app.get('/hold', hold);
      app.get('/stream', hold);
      app.get('/quick', (_req, res) => void res.json({ ok: true }));
    },
  });
  const address = await http.listen(0, '127.0.0.1');
  running = {
    http,
    metrics,
    url: `http://127.0.0.1:${address.port}`,
    release() {
      const resolving = waiting;
      waiting = [];
      for (const resolve of resolving) resolve();
    },
    held: () => received,
  };
  return running;
}

afterEach(async () => {
  running?.release();
  await running?.http.close(1_000);
  running = undefined;
});

/** Asks until the answer is not 503 (it must be 200); how many 503s came first. */
async function refusedUntilAnswered(url: string): Promise<number> {
  for (let refused = 0; ; refused += 1) {
    const { status } = await fetch(url);
    if (status !== 503) {
      expect(status).toBe(200);
      return refused;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A metric's value for the given labels, from the registry's own exposition. */
async function metricValue(metrics: ServiceMetrics, line: string): Promise<number | undefined> {
  const text = await metrics.registry.metrics();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.split(' ').at(-1));
}

describe('the in-flight bound', () => {
  it('refuses the request past the bound with 503, Retry-After and a problem document, and takes the next once one ends', async () => {
    const { url, metrics, release, held } = await start(2);
    const first = fetch(`${url}/hold`);
    const second = fetch(`${url}/hold`);
    await until(() => held() === 2);

    const refused = await fetch(`${url}/quick`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    expect(refused.headers.get('x-request-id')).toBeTruthy();
    expect(await refused.json()).toMatchObject({
      type: 'urn:switchboard:problem:unavailable',
      status: 503,
      instance: '/quick',
      detail: expect.stringContaining('2 requests'),
    });

    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    // Once the server has seen them end (a tick after the client read them), there is room.
    const refusals = 1 + (await refusedUntilAnswered(`${url}/quick`));

    expect(await metricValue(metrics, 'http_requests_over_capacity_total{service="test"}')).toBe(
      refusals,
    );
    expect(
      await metricValue(
        metrics,
        `http_requests_total{method="GET",route="${OVER_CAPACITY_ROUTE}",status="503",service="test"}`,
      ),
    ).toBe(refusals);
    expect(await metricValue(metrics, 'http_requests_in_flight{service="test"}')).toBe(0);
  });

  it('always answers the probes, and never counts nor refuses an exempt request', async () => {
    const { url, release, held } = await start(1);
    const streams = [fetch(`${url}/stream`), fetch(`${url}/stream`)];
    await until(() => held() === 2);
    // Two exempt requests are open, yet the bound of one has room.
    const holding = fetch(`${url}/hold`);
    await until(() => held() === 3);

    expect((await fetch(`${url}/quick`)).status).toBe(503);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);

    release();
    expect((await holding).status).toBe(200);
    for (const stream of streams) expect((await stream).status).toBe(200);
  });

  it('counts a request its client abandoned as ended', async () => {
    const { url, held } = await start(1);
    const aborting = new AbortController();
    const abandoned = fetch(`${url}/hold`, { signal: aborting.signal }).catch(() => 'aborted');
    await until(() => held() === 1);
    expect((await fetch(`${url}/quick`)).status).toBe(503);

    aborting.abort();
    expect(await abandoned).toBe('aborted');
    // The server sees the socket close a moment later; the held handler never answered.
    await refusedUntilAnswered(`${url}/quick`);
  });

  it('is off at 0', async () => {
    const { url, release, held } = await start(0);
    const requests = Array.from({ length: 20 }, () => fetch(`${url}/hold`));
    await until(() => held() === 20);
    release();
    for (const request of requests) expect((await request).status).toBe(200);
  });
});
