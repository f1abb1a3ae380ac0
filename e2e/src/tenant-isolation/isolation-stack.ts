import { randomBytes } from 'node:crypto';
import type { MessageResource } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress } from '@switchboard/tenancy';
import { startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from '../api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from '../tenant-fixtures';

export const SECRET_KEY = `e2e-isolation-${'k'.repeat(40)}`;
export const JWT_SECRET = `e2e-isolation-jwt-${'j'.repeat(32)}`;
export const SEARCH_WORD = `zebracorn${randomBytes(3).toString('hex')}`;

/**
 * The stack the isolation suites share: tenants A and B, and what A owns (a claimed number, an
 * SMS to a customer and an email), which B must never reach. Filled in by `useIsolationStack`.
 */
export class IsolationStack {
  stack!: Stack;
  gateway!: string;
  sandbox!: string;
  database!: Db;
  a!: TenantFixture;
  b!: TenantFixture;
  // What tenant A owns, which B must never reach.
  readonly numberOfA = uniqueNumber();
  readonly customer = uniqueNumber();
  smsOfA!: MessageResource;
  emailOfA!: MessageResource;

  /** Asserts a 404 problem that gives nothing of A's away. */
  readonly expectNotFound = (res: { status: number; headers: Headers; body: unknown }) => {
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(SEARCH_WORD);
    expect(text).not.toContain(this.customer);
  };

  /** Every client operation the gateway documents (and so serves), with a concrete path. */
  readonly clientOperations = async (): Promise<{ id: string; method: string; path: string }[]> => {
    const doc = (
      await request<{ paths: Record<string, Record<string, { tags?: string[] }>> }>(
        this.gateway,
        'GET',
        '/api/v1/openapi.json',
      )
    ).body;
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(
          ([, op]) => op.tags && !op.tags.includes('Webhooks') && !op.tags.includes('Operations'),
        )
        .map(([method]) => ({
          id: `${method} ${path}`,
          method: method.toUpperCase(),
          path: path.replace('{id}', this.smsOfA.conversation_id),
        })),
    );
  };
}

/** Boots the stack with required authentication, makes tenants A and B and A's messages. */
export function useIsolationStack(): IsolationStack {
  const suite = new IsolationStack();
  beforeAll(async () => {
    suite.stack = await startStack({
      env: { AUTH_MODE: 'required', SECRET_KEY, JWT_SECRET, AUTH_CACHE_TTL_MS: '0' },
    });
    const gateway = (suite.gateway = suite.stack.url('gateway'));
    suite.sandbox = suite.stack.url('provider-sandbox');
    const database = (suite.database = createDb({ url: testEnv().databaseUrl, poolMax: 2 }));
    const options = { gateway, secretKey: SECRET_KEY };
    const a = (suite.a = await createTenantWithKey(database.db, { ...options, label: 'tenant-a' }));
    suite.b = await createTenantWithKey(database.db, { ...options, label: 'tenant-b' });
    const { numberOfA, customer } = suite;
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });

    const sms = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: numberOfA,
      to: customer,
      body: `Secret of A: ${SEARCH_WORD}`,
    });
    const email = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: `billing@${a.id}.example.com`,
      to: 'customer@example.com',
      subject: `Invoice ${SEARCH_WORD}`,
      body: '<p>Private</p>',
    });
    expect([sms.status, email.status]).toEqual([201, 201]);
    suite.smsOfA = sms.body;
    suite.emailOfA = email.body;
  });

  afterAll(async () => {
    await suite.stack?.stop();
    await suite.database?.close();
  });
  return suite;
}
