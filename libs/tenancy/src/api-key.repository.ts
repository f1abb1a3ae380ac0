import { AppError, ErrorCodes, type TenantPrincipal } from '@switchboard/contracts';
import { newId, sql, type Database, type Kysely } from '@switchboard/db';
import { generateApiKey, hashApiKey, hashesEqual } from './api-key';
import { getTenant, rateLimitOf } from './tenant.repository';

type Db = Kysely<Database>;

/** `last_used_at` is written at most this often per key, so busy keys do not write per request. */
const LAST_USED_RESOLUTION_S = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An API key as listings show it: never the key, never its hash. */
export interface ApiKeyRecord {
  id: string;
  tenant_id: string;
  prefix: string;
  name: string | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface IssuedApiKey extends ApiKeyRecord {
  /** The key itself: shown once, at issue time, and stored nowhere. */
  key: string;
}

const RECORD_COLUMNS = [
  'id',
  'tenant_id',
  'prefix',
  'name',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const;

/**
 * Issues a new key for a tenant and stores its keyed hash.
 *
 * @example const { key } = await issueApiKey(db, { tenantId: 'acme', secretKey: config.SECRET_KEY });
 */
export async function issueApiKey(
  db: Db,
  input: { tenantId: string; secretKey: string; name?: string },
): Promise<IssuedApiKey> {
  if (!(await getTenant(db, input.tenantId))) throw AppError.notFound(`Tenant ${input.tenantId}`);
  const { prefix, key } = generateApiKey();
  const row = await db
    .insertInto('api_keys')
    .values({
      id: newId(),
      tenant_id: input.tenantId,
      prefix,
      hash: hashApiKey(input.secretKey, key),
      name: input.name?.trim() || null,
    })
    .returning(RECORD_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

/** Keys of one tenant (or all), oldest first, revoked ones included. */
export async function listApiKeys(db: Db, tenantId?: string): Promise<ApiKeyRecord[]> {
  let query = db.selectFrom('api_keys').select(RECORD_COLUMNS);
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return query.orderBy('tenant_id').orderBy('created_at').execute();
}

/** Revokes a key named by its id or its public prefix; revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, idOrPrefix: string): Promise<ApiKeyRecord> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where(UUID.test(idOrPrefix) ? 'id' : 'prefix', '=', idOrPrefix)
    .returning(RECORD_COLUMNS)
    .executeTakeFirst();
  if (!row) throw AppError.notFound(`API key ${idOrPrefix}`);
  return row;
}

/**
 * The principal an API key authenticates, or `unauthorized`: unknown prefix, wrong hash and
 * revoked key are one answer, so a caller learns nothing about which keys exist.
 */
export async function authenticateApiKey(
  db: Db,
  presented: { prefix: string; hash: string },
): Promise<TenantPrincipal> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('tenants as t', 't.id', 'k.tenant_id')
    .select([
      'k.id',
      'k.tenant_id',
      'k.hash',
      'k.revoked_at',
      'k.last_used_at',
      't.rate_limit_requests',
      't.rate_limit_period_s',
    ])
    .where('k.prefix', '=', presented.prefix)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || !hashesEqual(row.hash, presented.hash)) {
    throw new AppError(ErrorCodes.unauthorized, 'The API key is not valid');
  }
  const stale =
    !row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_S * 1000;
  if (stale) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: new Date() })
      .where('id', '=', row.id)
      .execute();
  }
  return { tenant_id: row.tenant_id, key_id: row.id, rate_limit: rateLimitOf(row) };
}
