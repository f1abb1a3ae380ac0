import { AppError } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { ownerOfAddress } from '@switchboard/tenancy';

/**
 * A tenant may not send from a number or address another tenant has claimed: replies would go
 * to the owner, and the owner's recipients would see messages it never sent.
 */
export async function assertSenderAllowed(
  db: Kysely<Database>,
  tenantId: string,
  from: string,
): Promise<void> {
  const owner = await ownerOfAddress(db, from);
  if (owner !== undefined && owner !== tenantId) {
    throw AppError.validation([
      { field: 'from', message: 'is not one of the numbers or addresses of this account' },
    ]);
  }
}
