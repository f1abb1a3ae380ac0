import {
  AppError,
  ErrorCodes,
  TenantId,
  type RateLimit,
  type TenantPrincipal,
} from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';

type Db = Kysely<Database>;

export interface TenantRecord {
  id: string;
  name: string;
  rate_limit: RateLimit | null;
  created_at: Date;
}

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
  return { id: row.id, name: row.name, rate_limit: rateLimitOf(row), created_at: row.created_at };
}

export async function getTenant(db: Db, id: string): Promise<TenantRecord | undefined> {
  if (!TenantId.safeParse(id).success) return undefined;
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    row && { id: row.id, name: row.name, rate_limit: rateLimitOf(row), created_at: row.created_at }
  );
}

export async function listTenants(db: Db): Promise<TenantRecord[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    rate_limit: rateLimitOf(row),
    created_at: row.created_at,
  }));
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
  return { id: row.id, name: row.name, rate_limit: rateLimitOf(row), created_at: row.created_at };
}

/** The principal a verified JWT (or an anonymous development request) acts as. */
export async function tenantPrincipal(
  db: Db,
  tenantId: string,
): Promise<TenantPrincipal | undefined> {
  const tenant = await getTenant(db, tenantId);
  return tenant && { tenant_id: tenant.id, key_id: null, rate_limit: tenant.rate_limit };
}

export { rateLimitOf };
