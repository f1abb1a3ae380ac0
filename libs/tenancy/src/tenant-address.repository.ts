import {
  AddressError,
  normalizeAddress,
  type CountryCode,
  type NormalizedAddress,
} from '@switchboard/addressing';
import { AppError, ErrorCodes } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { getTenant } from './tenant.repository';

type Db = Kysely<Database>;

export interface TenantAddressRecord {
  address: string;
  tenant_id: string;
  channel: 'phone' | 'email';
  created_at: Date;
}

function normalized(raw: string, defaultCountry: string): NormalizedAddress {
  try {
    return normalizeAddress(raw, defaultCountry as CountryCode);
  } catch (err) {
    if (err instanceof AddressError) {
      throw AppError.validation([{ field: 'address', message: err.message }]);
    }
    throw err;
  }
}

/**
 * Assigns a phone number or email address to a tenant: inbound messages to it belong to that
 * tenant, and no other tenant may send from it. Claiming an address the tenant already owns
 * changes nothing; one owned by another tenant is a `conflict`.
 */
export async function claimAddress(
  db: Db,
  input: { tenantId: string; address: string; defaultCountry?: string },
): Promise<TenantAddressRecord> {
  const { kind, value } = normalized(input.address, input.defaultCountry ?? 'US');
  if (!(await getTenant(db, input.tenantId))) throw AppError.notFound(`Tenant ${input.tenantId}`);
  await db
    .insertInto('tenant_addresses')
    .values({ address: value, tenant_id: input.tenantId, channel: kind })
    .onConflict((oc) => oc.column('address').doNothing())
    .execute();
  const row = await db
    .selectFrom('tenant_addresses')
    .selectAll()
    .where('address', '=', value)
    .executeTakeFirstOrThrow();
  if (row.tenant_id !== input.tenantId) {
    throw new AppError(ErrorCodes.conflict, `${value} is already claimed by another tenant`);
  }
  return row;
}

/** Gives an address up; only its owner can. */
export async function releaseAddress(
  db: Db,
  input: { tenantId: string; address: string; defaultCountry?: string },
): Promise<void> {
  const { value } = normalized(input.address, input.defaultCountry ?? 'US');
  const result = await db
    .deleteFrom('tenant_addresses')
    .where('address', '=', value)
    .where('tenant_id', '=', input.tenantId)
    .executeTakeFirst();
  if (!result.numDeletedRows) throw AppError.notFound(`Address ${value} of ${input.tenantId}`);
}

/** The sender addresses claimed by one tenant, or by every tenant when none is named. */
export async function listAddresses(db: Db, tenantId?: string): Promise<TenantAddressRecord[]> {
  let query = db.selectFrom('tenant_addresses').selectAll();
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return query.orderBy('tenant_id').orderBy('address').execute();
}

/** The tenant owning each of `addresses` that has one, by address: one read for them all. */
export async function ownersOfAddresses(
  db: Db,
  addresses: readonly string[],
): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const rows = await db
    .selectFrom('tenant_addresses')
    .select(['address', 'tenant_id'])
    .where('address', 'in', [...new Set(addresses)])
    .execute();
  return new Map(rows.map((r) => [r.address, r.tenant_id]));
}

/** The tenant owning a normalised address, if any. */
export async function ownerOfAddress(db: Db, address: string): Promise<string | undefined> {
  return (await ownersOfAddresses(db, [address])).get(address);
}
