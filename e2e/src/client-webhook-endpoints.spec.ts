import type {
  Problem,
  WebhookEndpointList,
  WebhookEndpointResource,
  WebhookEndpointWithSecret,
} from '@switchboard/contracts';
import { createSecretBox, DEVELOPMENT_WEBHOOK_SECRETS_KEY } from '@switchboard/config';
import { createDb, type Db } from '@switchboard/db';
import { startStack, testEnv, type Stack } from '@switchboard/testing';
import { createTenantWithKey, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-webhook-endpoints-${'k'.repeat(40)}`;
const PATH = '/api/v1/webhook-endpoints';

describe('webhook endpoints (gateway → conversation-service)', () => {
  let stack: Stack;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({
      only: ['conversation-service', 'gateway'],
      env: { AUTH_MODE: 'required', SECRET_KEY, AUTH_CACHE_TTL_MS: '0' },
    });
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'hooks-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'hooks-b' });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await stack?.stop();
  });

  it('registers an endpoint, shows its secret once, lists, changes and deletes it', async () => {
    const created = await a.call<WebhookEndpointWithSecret>('POST', PATH, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['message.status', 'message.received', 'message.status'],
      description: 'orders',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${PATH}/${created.body.id}`);
    expect(created.body).toMatchObject({
      url: 'http://127.0.0.1:9/hooks',
      events: ['message.received', 'message.status'],
      description: 'orders',
      enabled: true,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const got = await a.call<WebhookEndpointResource>('GET', `${PATH}/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    const list = await a.call<WebhookEndpointList>('GET', PATH);
    expect(list.body.data.map((e) => e.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const changed = await a.call<WebhookEndpointResource>('PATCH', `${PATH}/${created.body.id}`, {
      enabled: false,
      events: ['*'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ enabled: false, events: ['*'] });
    expect((await a.call('PATCH', `${PATH}/${created.body.id}`, {})).status).toBe(400);

    expect((await a.call('DELETE', `${PATH}/${created.body.id}`)).status).toBe(204);
    expect((await a.call('GET', `${PATH}/${created.body.id}`)).status).toBe(404);
    expect((await a.call('DELETE', `${PATH}/${created.body.id}`)).status).toBe(404);
  });

  it('rotates the secret, keeping the old one signing for the grace period', async () => {
    const created = await a.call<WebhookEndpointWithSecret>('POST', PATH, {
      url: 'http://localhost:9/hooks',
    });
    const rotated = await a.call<WebhookEndpointWithSecret>(
      'POST',
      `${PATH}/${created.body.id}/rotate-secret`,
      { grace_seconds: 3600 },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const until = Date.parse(rotated.body.previous_secret_expires_at!);
    expect(until - Date.now()).toBeGreaterThan(3500_000);
    expect(until - Date.now()).toBeLessThan(3700_000);
    const row = await database.db
      .selectFrom('webhook_endpoints')
      .select(['secret', 'previous_secret'])
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    // Stored sealed (the stack runs with the development key), never in the clear.
    expect(row.secret).not.toContain(rotated.body.secret);
    const box = createSecretBox(DEVELOPMENT_WEBHOOK_SECRETS_KEY);
    expect({
      secret: box.open(row.secret, created.body.id),
      previous_secret: box.open(row.previous_secret!, created.body.id),
    }).toEqual({ secret: rotated.body.secret, previous_secret: created.body.secret });
  });

  it("a tenant never sees or changes another tenant's endpoints", async () => {
    const ofA = await a.call<WebhookEndpointWithSecret>('POST', PATH, {
      url: 'http://127.0.0.1:9/a',
    });
    const one = `${PATH}/${ofA.body.id}`;
    expect((await b.call('GET', one)).status).toBe(404);
    expect((await b.call('PATCH', one, { enabled: false })).status).toBe(404);
    expect((await b.call('POST', `${one}/rotate-secret`, {})).status).toBe(404);
    expect((await b.call('DELETE', one)).status).toBe(404);
    const listOfB = await b.call<WebhookEndpointList>('GET', PATH);
    expect(listOfB.body.data.map((e) => e.id)).not.toContain(ofA.body.id);
    expect((await a.call<WebhookEndpointResource>('GET', one)).body.enabled).toBe(true);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://[::ffff:169.254.169.254]/',
    'ftp://example.com/',
  ])('refuses %s whatever the settings', async (url) => {
    const refused = await a.call<Problem>('POST', PATH, { url });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field) ?? []).toContain('url');
  });

  it('refuses loopback and private addresses unless development allows them', async () => {
    await stack.restart('conversation-service', { WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: 'false' });
    try {
      for (const url of ['http://127.0.0.1:9/hooks', 'http://10.1.2.3/', 'http://localhost/']) {
        const refused = await a.call<Problem>('POST', PATH, { url });
        expect(refused.status).toBe(400);
      }
    } finally {
      await stack.restart('conversation-service');
    }
  }, 120_000);
});
