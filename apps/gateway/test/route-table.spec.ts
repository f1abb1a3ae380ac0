import { openMedia } from '@switchboard/media';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@switchboard/config';
import { RpcContracts } from '@switchboard/contracts';
import { connectNats, serveRpc, type Nats } from '@switchboard/messaging';
import { createLogger, createMetrics } from '@switchboard/observability';
import { createRedisClient } from '@switchboard/service';
import { freePort, startPrivateNats, type PrivateNats } from '@switchboard/testing';
import type { oas31 } from 'zod-openapi';
import { gatewayConfigSchema } from '@switchboard/app-config/gateway';
import { createGateway, type Gateway } from '../src/gateway';
import { gatewayOpenApiDocument } from '../src/gateway-routes';

// The real gateway, built as main.ts builds it, against the OpenAPI document it publishes: every
// documented operation is answered by a route (not the catch-all 404), nothing else near a
// documented path is, and credentials and rate limits apply exactly where the document says.
// conversation-service is a stand-in that only knows the development tenant, so routes that
// reach it answer 503; webhook-ingest is a stand-in that records what the gateway forwards.

const log = createLogger({ service: 'gateway-test', level: 'silent' });
const SAMPLE_ID = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';
const PROBED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Forwarded whole to webhook-ingest, whatever follows: it answers for those paths. */
const WEBHOOK_PREFIXES = ['/api/v1/webhooks/', '/api/webhooks/'];

interface Operation {
  method: string;
  template: string;
  operation: oas31.OperationObject;
}

const document = gatewayOpenApiDocument();
const operations: Operation[] = Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
  (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) =>
    item[method] ? [{ method: method.toUpperCase(), template, operation: item[method] }] : [],
  ),
);
const concrete = (template: string) => template.replace(/\{[^{}]+\}/g, SAMPLE_ID);
const isWebhook = (path: string) => WEBHOOK_PREFIXES.some((prefix) => path.startsWith(prefix));

/** Whether the document has an operation that a request for `method path` is one of. */
function documented(method: string, path: string): boolean {
  return operations.some(
    (op) =>
      op.method === method &&
      new RegExp(`^${op.template.replace(/\{[^{}]+\}/g, '[^/]+')}$`).test(path),
  );
}

interface Answer {
  status: number;
  headers: Headers;
  detail: string | undefined;
}

async function call(base: string, method: string, path: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
  });
  const text = await res.text();
  let detail: string | undefined;
  try {
    detail = (JSON.parse(text) as { detail?: string }).detail;
  } catch {
    detail = undefined;
  }
  return { status: res.status, headers: res.headers, detail };
}

/** The answer of the catch-all that ends the app: no route took the request. */
const unrouted = (answer: Answer) =>
  answer.status === 404 && (answer.detail ?? '').startsWith('No route for ');

describe('the routes the gateway serves and the OpenAPI document it publishes', () => {
  let nats: PrivateNats;
  let serviceNats: Nats;
  let ingest: http.Server;
  const forwarded: string[] = [];
  /** AUTH_MODE=optional: requests without credentials act as the development tenant. */
  let open: Gateway;
  /** AUTH_MODE=required, rate limits off: only credentials stand between a client and a route. */
  let locked: Gateway;
  let openBase: string;
  let lockedBase: string;

  async function startGateway(env: Record<string, string>): Promise<Gateway> {
    const redis = createRedisClient({
      url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      log,
    });
    await once(redis, 'ready');
    const gatewayNats = await connectNats({
      url: nats.url,
      name: 'gateway',
      ...nats.credentials.gateway,
    });
    const config = loadConfig(gatewayConfigSchema, {
      ENVIRONMENT: 'test',
      HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      NATS_URL: nats.url,
      WEBHOOK_INGEST_URL: `http://127.0.0.1:${(ingest.address() as AddressInfo).port}`,
      // Every probe below fails authentication on purpose, and earlier suites of the run may have
      // spent this address's budget in the same Redis: the limiter is not what is checked here.
      AUTH_FAILURES_PER_IP: '1000000',
      ...env,
    });
    const gateway = createGateway({
      config,
      log,
      metrics: createMetrics('gateway-test'),
      nats: gatewayNats,
      redis,
      ...openMedia(config),
    });
    await gateway.start();
    return gateway;
  }

  beforeAll(async () => {
    nats = await startPrivateNats(await freePort());
    serviceNats = await connectNats({
      url: nats.url,
      name: 'stand-in',
      ...nats.credentials['conversation-service'],
    });
    serveRpc(serviceNats.nc, {
      contract: RpcContracts.getTenant,
      queue: 'stand-in',
      log,
      handle: async ({ tenant_id }) => ({ tenant_id, key_id: null, rate_limit: null }),
    });
    ingest = http.createServer((req, res) => {
      forwarded.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(204).end();
    });
    ingest.listen(0, '127.0.0.1');
    await once(ingest, 'listening');
    open = await startGateway({ AUTH_MODE: 'optional', RATE_LIMIT_REQUESTS: '100000' });
    locked = await startGateway({
      AUTH_MODE: 'required',
      SECRET_KEY: 'route-table-spec-secret-key-0123456789abcdef',
      RATE_LIMIT_ENABLED: 'false',
    });
    openBase = `http://127.0.0.1:${open.port()}`;
    lockedBase = `http://127.0.0.1:${locked.port()}`;
  });

  afterAll(async () => {
    // stop() closes each gateway's NATS connection and Redis client too.
    await open?.stop();
    await locked?.stop();
    await serviceNats?.close();
    await nats?.destroy();
    ingest?.close();
  });

  it('answers every documented operation with a route of its own', async () => {
    expect(operations.length).toBeGreaterThan(25);
    const unanswered: string[] = [];
    for (const { method, template } of operations) {
      const answer = await call(openBase, method, concrete(template));
      if (unrouted(answer)) unanswered.push(`${method} ${template}`);
    }
    expect(unanswered).toEqual([]);
  });

  it('forwards each documented webhook to webhook-ingest as it came', async () => {
    const webhooks = operations.filter((op) => isWebhook(op.template));
    expect(webhooks.length).toBeGreaterThan(0);
    for (const { method, template } of webhooks) {
      forwarded.length = 0;
      const path = concrete(template);
      expect((await call(openBase, method, path)).status).toBe(204);
      expect(forwarded).toEqual([`${method} ${path}`]);
    }
  });

  it('routes nothing near a documented path that the document does not list', async () => {
    const paths = [...new Set(operations.map((op) => concrete(op.template)))].filter(
      (path) => !isWebhook(path),
    );
    const wrong: string[] = [];
    for (const path of [...paths, ...paths.map((p) => `${p}/extra`)]) {
      for (const method of PROBED_METHODS) {
        const answer = await call(openBase, method, path);
        if (documented(method, path) === unrouted(answer)) {
          wrong.push(`${method} ${path}: ${answer.status} ${answer.detail ?? ''}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('asks for credentials on exactly the operations documented with `security`', async () => {
    const wrong: string[] = [];
    for (const { method, template, operation } of operations) {
      const answer = await call(lockedBase, method, concrete(template));
      const refused = answer.status === 401 && answer.headers.has('www-authenticate');
      if (refused !== Boolean(operation.security?.length)) {
        wrong.push(`${method} ${template}: ${answer.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('counts requests against the rate limit on exactly the operations documented with a 429', async () => {
    const wrong: string[] = [];
    for (const { method, template, operation } of operations) {
      const answer = await call(openBase, method, concrete(template));
      const limited = answer.headers.has('ratelimit-limit');
      if (limited !== Boolean(operation.responses?.['429'])) {
        wrong.push(`${method} ${template}: ${limited ? 'limited' : 'not limited'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('serves the document as JSON at /api/v1/openapi.json', async () => {
    const res = await fetch(`${openBase}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('serves Swagger UI at /api/v1/docs with every asset from the gateway itself', async () => {
    const redirect = await fetch(`${openBase}/api/v1/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(new URL(redirect.headers.get('location')!, `${openBase}/api/v1/docs`).pathname).toBe(
      '/api/v1/docs/',
    );

    const page = await fetch(`${openBase}/api/v1/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui">');
    const assets = [...html.matchAll(/(?:src|href)=['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['./swagger-ui-bundle.js', './swagger-ui.css']));
    // Offline: nothing is loaded from another origin.
    expect(assets.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    for (const asset of assets) {
      const res = await fetch(new URL(asset, `${openBase}/api/v1/docs/`));
      expect([asset, res.status]).toEqual([asset, 200]);
    }

    const init = await (await fetch(`${openBase}/api/v1/docs/swagger-ui-init.js`)).text();
    expect(init).toContain('"title": "Switchboard API"');
  });
});
