import { randomBytes } from 'node:crypto';
import type { MessageResource, Problem } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { TestFiles } from '@switchboard/media/testing';
import { claimAddress } from '@switchboard/tenancy';
import { startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from '../api-client';
import { startFileServer, type FileServer } from '../support/file-server';
import { createTenantWithKey, type TenantFixture } from '../tenant-fixtures';

export const SECRET_KEY = `e2e-hardening-${'s'.repeat(40)}`;
export const JWT_SECRET = `e2e-hardening-jwt-${'t'.repeat(32)}`;
export const ALLOWED_ORIGIN = 'https://app.example.com';

export const rand = () => randomBytes(3).toString('hex');
/** Distinctive values that must never appear raw in any service's logs. */
export const SECRETS = {
  ourNumber: `+1555${String(Date.now() % 1e7).padStart(7, '0')}`,
  customerNumber: `+1555${String((Date.now() + 4_242_424) % 1e7).padStart(7, '0')}`,
  ourEmail: `noreply-${rand()}@switchboard-sec.example.com`,
  customerEmail: `jane.private-${rand()}@customer-sec.example.com`,
  smsBody: `sms body secret ${rand()}`,
  mmsBody: `mms body secret ${rand()}`,
  emailBody: `email body secret ${rand()}`,
  emailSubject: `subject secret ${rand()}`,
  /** The name of an MMS's file, in the URL it is fetched from (`startFileServer`). */
  attachment: `secret-${rand()}.jpg`,
  inboundBody: `inbound body secret ${rand()}`,
};

/**
 * The stack the hardening suites share: one tenant, with the messages its set-up sent and those
 * the generated input got accepted. Filled in by `useHardeningStack`'s `beforeAll`.
 */
export class HardeningStack {
  stack!: Stack;
  /** Where the set-up's MMS file is fetched from. */
  files!: FileServer;
  gateway!: string;
  database!: Db;
  tenant!: TenantFixture;
  /** Sent by the set-up, before any generated input. */
  readonly before: MessageResource[] = [];
  /** Accepted from generated input. */
  readonly accepted: MessageResource[] = [];

  /** Posts a raw body as the tenant, to the send route unless told otherwise. */
  readonly send = (
    body: string,
    headers: Record<string, string> = {},
    path = '/api/v1/messages/send',
  ) =>
    request<MessageResource | Problem>(this.gateway, 'POST', path, {
      body,
      headers: {
        authorization: `Bearer ${this.tenant.key}`,
        'content-type': 'application/json',
        ...headers,
      },
    });
}

/**
 * Boots the stack (required authentication, trace logging, CORS for one origin, no rate limit)
 * before the suites, with a tenant that has sent an SMS, an MMS and an email; stops it after.
 */
export function useHardeningStack(): HardeningStack {
  const suite = new HardeningStack();
  beforeAll(async () => {
    suite.files = await startFileServer();
    suite.stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        SECRET_KEY,
        JWT_SECRET,
        LOG_LEVEL: 'trace',
        CORS_ORIGINS: ALLOWED_ORIGIN,
        ATTACHMENT_HOST_ALLOWLIST: '127.0.0.1',
        NODE_EXTRA_CA_CERTS: suite.files.ca,
        // Thousands of generated requests from one tenant are the point here, not throttling.
        RATE_LIMIT_ENABLED: 'false',
      },
    });
    suite.gateway = suite.stack.url('gateway');
    suite.database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const { database } = suite;
    const tenant = (suite.tenant = await createTenantWithKey(database.db, {
      gateway: suite.gateway,
      secretKey: SECRET_KEY,
      label: 'hardening',
    }));
    await claimAddress(database.db, { tenantId: tenant.id, address: SECRETS.ourNumber });
    for (const body of [
      { from: SECRETS.ourNumber, to: SECRETS.customerNumber, body: SECRETS.smsBody },
      {
        from: SECRETS.ourNumber,
        to: SECRETS.customerNumber,
        body: SECRETS.mmsBody,
        attachments: [suite.files.put(SECRETS.attachment, 'image/png', TestFiles.png)],
        metadata: { order: 'A-1', nested: { deep: [1, 2, 3] } },
      },
      {
        from: SECRETS.ourEmail,
        to: SECRETS.customerEmail,
        subject: SECRETS.emailSubject,
        body: `<p>${SECRETS.emailBody}</p>`,
      },
    ]) {
      const res = await tenant.call<MessageResource>('POST', '/api/v1/messages/send', body);
      expect(res.status).toBe(201);
      suite.before.push(res.body);
    }
  });

  afterAll(async () => {
    await suite.stack?.stop();
    await suite.database?.close();
    await suite.files?.stop();
  });
  return suite;
}

/** A 4xx must be problem+json; a 5xx fails at once, naming what was sent. */
export function expectClientError(
  res: { status: number; headers: Headers; body: unknown },
  what: string,
) {
  if (res.status >= 500) throw new Error(`${what} → ${res.status}: ${JSON.stringify(res.body)}`);
  if (res.status >= 400) {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: res.status, type: expect.any(String) });
  }
}
