import { AppError } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { senderRefusal } from '@switchboard/tenancy';

/**
 * Refuses (`400`, field `from`) a sender the tenant may not use: an address another tenant has
 * claimed, or — when `mustBeClaimed` (production) — one the tenant has not claimed itself.
 */
export async function assertSenderAllowed(
  db: Kysely<Database>,
  input: { tenantId: string; from: string; mustBeClaimed: boolean },
): Promise<void> {
  const refusal = await senderRefusal(db, input);
  if (refusal) throw AppError.validation([{ field: 'from', message: refusal }]);
}
