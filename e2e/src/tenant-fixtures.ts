import { randomBytes } from 'node:crypto';
import type { Database, Kysely } from '@switchboard/db';
import { createTenant, issueApiKey } from '@switchboard/tenancy';
import { request, type ApiResponse } from './api-client';

export interface TenantFixture {
  id: string;
  key: string;
  keyId: string;
  /** Calls the API as this tenant, with its key as a bearer token. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/**
 * A tenant with an API key, made with the same functions the admin CLI runs
 * (`npm run admin -- create-tenant` / `issue-key`).
 */
export async function createTenantWithKey(
  db: Kysely<Database>,
  options: { gateway: string; secretKey: string; label: string },
): Promise<TenantFixture> {
  const id = `${options.label}-${randomBytes(4).toString('hex')}`;
  await createTenant(db, { id, name: options.label });
  const issued = await issueApiKey(db, { tenantId: id, secretKey: options.secretKey });
  return {
    id,
    key: issued.key,
    keyId: issued.id,
    call: (method, path, body) =>
      request(options.gateway, method, path, {
        body,
        headers: { authorization: `Bearer ${issued.key}` },
      }),
  };
}

/** A phone number no other test uses. */
export function uniqueNumber(): string {
  return `+1555${String(randomBytes(4).readUInt32BE(0) % 1e7).padStart(7, '0')}`;
}
