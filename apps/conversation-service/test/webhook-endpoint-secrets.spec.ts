import { createSecretBox } from '@switchboard/config';
import type { Db } from '@switchboard/db';
import {
  createEndpoint,
  rotateSecret,
  sealStoredSecrets,
  type WebhookEndpointDeps,
} from '../src/webhook-endpoints/webhook-endpoint.repository';
import { openTestDb } from './fixtures';

/** Endpoints' signing secrets are stored sealed: the database alone signs nothing. */
describe('webhook endpoint secrets at rest (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  let deps: WebhookEndpointDeps;
  const secrets = createSecretBox('a-key-of-at-least-thirty-two-bytes-long');

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
    deps = {
      db: database.db,
      policy: { requireHttps: false, allowPrivate: true },
      secrets,
    };
  });
  afterAll(async () => {
    await database.close();
  });

  const stored = (id: string) =>
    database.db
      .selectFrom('webhook_endpoints')
      .select(['secret', 'previous_secret'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const register = () =>
    createEndpoint(deps, {
      tenant_id: tenantId,
      url: 'http://127.0.0.1:9/hooks',
      events: ['*'],
      enabled: true,
    });

  it('stores a new secret sealed for its endpoint and shows it once in the clear', async () => {
    const endpoint = await register();
    expect(endpoint.secret).toMatch(/^whsec_/);
    const row = await stored(endpoint.id);
    expect(row.secret).not.toContain(endpoint.secret);
    expect(secrets.open(row.secret, endpoint.id)).toBe(endpoint.secret);
  });

  it('keeps the rotated-out secret sealed beside the new one', async () => {
    const endpoint = await register();
    const rotated = await rotateSecret(deps, {
      tenant_id: tenantId,
      id: endpoint.id,
      grace_seconds: 3600,
    });
    const row = await stored(endpoint.id);
    expect(secrets.open(row.secret, endpoint.id)).toBe(rotated.secret);
    expect(secrets.open(row.previous_secret!, endpoint.id)).toBe(endpoint.secret);
  });

  it('seals secrets stored in the clear before sealing existed, once', async () => {
    const endpoint = await register();
    await database.db
      .updateTable('webhook_endpoints')
      .set({ secret: 'whsec_plain-current', previous_secret: 'whsec_plain-previous' })
      .where('id', '=', endpoint.id)
      .execute();
    expect(await sealStoredSecrets(deps)).toBeGreaterThanOrEqual(1);
    const row = await stored(endpoint.id);
    expect(secrets.isSealed(row.secret)).toBe(true);
    expect(secrets.open(row.secret, endpoint.id)).toBe('whsec_plain-current');
    expect(secrets.open(row.previous_secret!, endpoint.id)).toBe('whsec_plain-previous');
    expect(await sealStoredSecrets(deps)).toBe(0);
  });
});
