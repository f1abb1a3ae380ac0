import { openMedia } from '@switchboard/media';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@switchboard/config';
import { connectNats, type Nats } from '@switchboard/messaging';
import { createMetrics } from '@switchboard/observability';
import { generateApiKey } from '@switchboard/tenancy';
import { freePort, startPrivateNats, type PrivateNats } from '@switchboard/testing';
import { gatewayConfigSchema } from '@switchboard/app-config/gateway';
import { createGateway, type Gateway } from '../src/gateway';
import { closeRedis, createRedisClient, type Redis } from '@switchboard/service';
import {
  FAILURES_PER_IP,
  SECRET_KEY,
  TENANT_BUDGET,
  batchOf,
  clientAddress,
  log,
  request,
  sms,
} from './edge-fixtures';
import { standInConversationService } from './stand-in-conversation-service';

// The real gateway, in front of a stand-in for conversation-service on a nats-server of the
// suite's own: the stand-in counts every lookup and send the gateway asks for. Tenants and client
// addresses are unique to the run, so no budget is shared with earlier runs or other suites.

describe('the gateway edge: failed authentications, bad keys and bulk sends', () => {
  let nats: PrivateNats;
  let gatewayNats: Nats;
  let serviceNats: Nats;
  let redis: Redis;
  let gateway: Gateway;
  let base: string;
  let service: ReturnType<typeof standInConversationService>;

  beforeAll(async () => {
    nats = await startPrivateNats(await freePort());
    serviceNats = await connectNats({
      url: nats.url,
      name: 'stand-in',
      ...nats.credentials['conversation-service'],
    });
    service = standInConversationService(serviceNats);
    gatewayNats = await connectNats({
      url: nats.url,
      name: 'gateway',
      ...nats.credentials.gateway,
    });
    const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
    redis = createRedisClient({ url: redisUrl, log });
    await once(redis, 'ready');
    const config = loadConfig(gatewayConfigSchema, {
      ENVIRONMENT: 'test',
      AUTH_MODE: 'required',
      SECRET_KEY,
      HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      NATS_URL: nats.url,
      REDIS_URL: redisUrl,
      RPC_TIMEOUT_MS: '5000',
      RATE_LIMIT_REQUESTS: String(TENANT_BUDGET),
      RATE_LIMIT_PERIOD: '60',
      AUTH_FAILURES_PER_IP: String(FAILURES_PER_IP),
      AUTH_FAILURE_WINDOW_S: '60',
      AUTH_NEGATIVE_CACHE_TTL_MS: '60000',
    });
    gateway = createGateway({
      config,
      log,
      metrics: createMetrics('gateway-test'),
      nats: gatewayNats,
      redis,
      ...openMedia(config),
    });
    await gateway.start();
    base = `http://127.0.0.1:${gateway.port()}`;
  });

  afterAll(async () => {
    // stop() closes the gateway's NATS connection and Redis client too.
    await gateway?.stop();
    await serviceNats?.close();
    await nats?.destroy();
    if (redis?.status === 'ready') await closeRedis(redis);
  });

  it('refuses an address that keeps failing authentication before any lookup, and only that address', async () => {
    const attacker = clientAddress();
    const before = service.counts.keyLookups;
    const statuses: number[] = [];
    for (let i = 0; i < FAILURES_PER_IP + 7; i += 1) {
      const res = await request(base, '/api/v1/messages/batch', {
        from: attacker,
        key: generateApiKey().key,
        body: batchOf(1),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([
      ...Array<number>(FAILURES_PER_IP).fill(401),
      ...Array<number>(7).fill(429),
    ]);
    expect(service.counts.keyLookups - before).toBe(FAILURES_PER_IP);

    // Refused even with a valid key while the address is blocked: the key is never looked at.
    const key = service.keyOfNewTenant();
    expect(
      (await request(base, '/api/v1/messages/batch', { from: attacker, key, body: batchOf(1) }))
        .status,
    ).toBe(429);
    // Another address is served, and its successful requests never spend the failure budget.
    const honest = clientAddress();
    for (let i = 0; i < FAILURES_PER_IP + 2; i += 1) {
      const res = await request(base, '/api/v1/messages/batch', {
        from: honest,
        key,
        body: batchOf(1),
      });
      expect(res.status).toBe(201);
    }
  });

  it('looks a bad key up once, however often it is presented', async () => {
    const from = clientAddress();
    const bad = generateApiKey().key;
    const before = service.counts.keyLookups;
    const statuses: number[] = [];
    for (let i = 0; i < FAILURES_PER_IP - 1; i += 1) {
      statuses.push(
        (await request(base, '/api/v1/messages/batch', { from, key: bad, body: batchOf(1) }))
          .status,
      );
    }
    expect(statuses).toEqual(Array<number>(FAILURES_PER_IP - 1).fill(401));
    expect(service.counts.keyLookups - before).toBe(1);
  });

  it('charges a bulk send one point per message', async () => {
    const from = clientAddress();
    const key = service.keyOfNewTenant();
    const first = await request(base, '/api/v1/messages/batch', { from, key, body: batchOf(4) });
    expect(first.status).toBe(201);
    expect(first.headers['ratelimit-limit']).toBe(String(TENANT_BUDGET));
    expect(first.headers['ratelimit-remaining']).toBe(String(TENANT_BUDGET - 4));

    // Seven messages do not fit in the six points left: refused whole, nothing is sent.
    const batchesBefore = service.counts.batches;
    const refused = await request(base, '/api/v1/messages/batch', { from, key, body: batchOf(7) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(service.counts.batches).toBe(batchesBefore);
  });

  it('frees the Idempotency-Key of a 207 with a 5xx item, so the retry runs again', async () => {
    const from = clientAddress();
    const key = service.keyOfNewTenant();
    const headers = { 'idempotency-key': `edge-${randomUUID()}` };
    const body = { messages: [sms(1), sms(2, 'fail')] };

    const first = await request(base, '/api/v1/messages/batch', { from, key, body, headers });
    expect(first.status).toBe(207);
    expect(
      (first.body as { results: Array<{ status: number }> }).results.map((r) => r.status),
    ).toEqual([201, 503]);

    const batchesBefore = service.counts.batches;
    const retry = await request(base, '/api/v1/messages/batch', { from, key, body, headers });
    expect(retry.status).toBe(207);
    expect(retry.headers['idempotency-replayed']).toBeUndefined();
    expect(service.counts.batches).toBe(batchesBefore + 1);
  });

  it('keeps the answer of a 207 whose items failed only with 4xx, and replays it', async () => {
    const from = clientAddress();
    const key = service.keyOfNewTenant();
    const headers = { 'idempotency-key': `edge-${randomUUID()}` };
    const body = { messages: [sms(1), { ...sms(2), to: 'not a number' }] };

    const first = await request(base, '/api/v1/messages/batch', { from, key, body, headers });
    expect(first.status).toBe(207);
    expect(
      (first.body as { results: Array<{ status: number }> }).results.map((r) => r.status),
    ).toEqual([201, 400]);

    const batchesBefore = service.counts.batches;
    const retry = await request(base, '/api/v1/messages/batch', { from, key, body, headers });
    expect(retry.status).toBe(207);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(service.counts.batches).toBe(batchesBefore);
  });
});
