import {
  AppError,
  ErrorCodes,
  TenantId,
  type RateLimit,
  type TenantPrincipal,
  type TenantTokenIssuer,
} from '@switchboard/contracts';
import type { Database, Kysely, TenantRow } from '@switchboard/db';

type Db = Kysely<Database>;

export interface TenantRecord {
  id: string;
  name: string;
  rate_limit: RateLimit | null;
  /** Who may issue JWTs for the tenant; no JWT acts as it in production while `issuer` is null. */
  token_issuer: TenantTokenIssuer;
  created_at: Date;
}

const recordOf = (row: TenantRow): TenantRecord => ({
  id: row.id,
  name: row.name,
  rate_limit: rateLimitOf(row),
  token_issuer: { issuer: row.jwt_issuer, jwks_url: row.jwt_jwks_url },
  created_at: row.created_at,
});

function rateLimitOf(row: {
  rate_limit_requests: number | null;
  rate_limit_period_s: number | null;
}): RateLimit | null {
  return row.rate_limit_requests !== null && row.rate_limit_period_s !== null
    ? { requests: row.rate_limit_requests, period_s: row.rate_limit_period_s }
    : null;
}

function validTenantId(id: string): string {
  const parsed = TenantId.safeParse(id);
  if (!parsed.success) {
    throw AppError.validation([{ field: 'tenant', message: parsed.error.issues[0]!.message }]);
  }
  return parsed.data;
}

/** Creates a tenant; `conflict` when the id is taken. */
export async function createTenant(
  db: Db,
  input: { id: string; name?: string; rateLimit?: RateLimit | null },
): Promise<TenantRecord> {
  const id = validTenantId(input.id);
  const row = await db
    .insertInto('tenants')
    .values({
      id,
      name: input.name?.trim() || id,
      rate_limit_requests: input.rateLimit?.requests ?? null,
      rate_limit_period_s: input.rateLimit?.period_s ?? null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError(ErrorCodes.conflict, `Tenant ${id} already exists`);
  return recordOf(row);
}

/** The tenant with this id, or `undefined` (also for a malformed id). */
export async function getTenant(db: Db, id: string): Promise<TenantRecord | undefined> {
  if (!TenantId.safeParse(id).success) return undefined;
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && recordOf(row);
}

/** Every tenant, oldest first. */
export async function listTenants(db: Db): Promise<TenantRecord[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
  return rows.map(recordOf);
}

/** Sets (or with `null` clears) a tenant's own rate limit. */
export async function setTenantRateLimit(
  db: Db,
  tenantId: string,
  limit: RateLimit | null,
): Promise<TenantRecord> {
  if (limit && !(Number.isInteger(limit.requests) && limit.requests > 0)) {
    throw AppError.validation([{ field: 'requests', message: 'must be a positive integer' }]);
  }
  if (limit && !(Number.isInteger(limit.period_s) && limit.period_s > 0)) {
    throw AppError.validation([{ field: 'period_s', message: 'must be a positive integer' }]);
  }
  const row = await db
    .updateTable('tenants')
    .set({
      rate_limit_requests: limit?.requests ?? null,
      rate_limit_period_s: limit?.period_s ?? null,
    })
    .where('id', '=', validTenantId(tenantId))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw AppError.notFound(`Tenant ${tenantId}`);
  return recordOf(row);
}

/** Longer than any issuer or JWKS URL an identity provider uses. */
const MAX_ISSUER_CHARS = 2048;

function jwksUrlOf(raw: string, requireHttps: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw AppError.validation([{ field: 'jwks_url', message: 'must be a URL' }]);
  }
  if (url.protocol !== 'https:' && (requireHttps || url.protocol !== 'http:')) {
    throw AppError.validation([{ field: 'jwks_url', message: 'must be an https URL' }]);
  }
  return url.href;
}

/**
 * Binds a tenant to the issuer of its JWTs (`iss`), and optionally to the JWKS its tokens are
 * verified against; `null` unbinds it (then no JWT acts as the tenant in production). An issuer
 * speaks for one tenant only: binding one another tenant has is a `conflict`. The JWKS must be
 * https unless `requireHttps` is false (a local identity provider in development).
 *
 * @example await setTenantTokenIssuer(db, 'acme', { issuer: 'https://login.acme.com/', jwksUrl: null });
 */
export async function setTenantTokenIssuer(
  db: Db,
  tenantId: string,
  binding: { issuer: string; jwksUrl: string | null } | null,
  options: { requireHttps?: boolean } = {},
): Promise<TenantRecord> {
  const issuer = binding?.issuer.trim() ?? null;
  if (binding && (!issuer || issuer.length > MAX_ISSUER_CHARS)) {
    throw AppError.validation([
      { field: 'issuer', message: `must be 1–${MAX_ISSUER_CHARS} characters` },
    ]);
  }
  const jwksUrl = binding?.jwksUrl
    ? jwksUrlOf(binding.jwksUrl, options.requireHttps ?? true)
    : null;
  const owner = issuer
    ? await db
        .selectFrom('tenants')
        .select('id')
        .where('jwt_issuer', '=', issuer)
        .executeTakeFirst()
    : undefined;
  if (owner && owner.id !== tenantId) {
    throw new AppError(ErrorCodes.conflict, `Issuer ${issuer} is bound to another tenant`);
  }
  let row: TenantRow | undefined;
  try {
    row = await db
      .updateTable('tenants')
      .set({ jwt_issuer: issuer, jwt_jwks_url: jwksUrl })
      .where('id', '=', validTenantId(tenantId))
      .returningAll()
      .executeTakeFirst();
  } catch (err) {
    // Another tenant bound the same issuer between the check and the update.
    if ((err as { code?: string }).code === '23505') {
      throw new AppError(ErrorCodes.conflict, `Issuer ${issuer} is bound to another tenant`);
    }
    throw err;
  }
  if (!row) throw AppError.notFound(`Tenant ${tenantId}`);
  return recordOf(row);
}

/** The principal a verified JWT (or an anonymous development request) acts as. */
export async function tenantPrincipal(
  db: Db,
  tenantId: string,
): Promise<TenantPrincipal | undefined> {
  const tenant = await getTenant(db, tenantId);
  return (
    tenant && {
      tenant_id: tenant.id,
      key_id: null,
      rate_limit: tenant.rate_limit,
      token_issuer: tenant.token_issuer,
    }
  );
}

export { rateLimitOf };
