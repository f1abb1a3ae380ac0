import { z } from 'zod';
import { DEVELOPMENT_TENANT, type SenderCheck } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { ownerOfAddress } from './tenant-address.repository';

/** The setting of every service that accepts or sends outbound messages. */
export const senderPolicyEnv = z.object({
  /**
   * A tenant sends only from numbers and addresses it has claimed (the development tenant
   * excepted). Unset: on in production, off elsewhere; production refuses `false`.
   */
  SENDERS_MUST_BE_CLAIMED: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

/** Whether senders must be claimed under a config: as set, else only in production. */
export function sendersMustBeClaimed(config: {
  ENVIRONMENT: string;
  SENDERS_MUST_BE_CLAIMED?: boolean | undefined;
}): boolean {
  return config.SENDERS_MUST_BE_CLAIMED ?? config.ENVIRONMENT === 'production';
}

/** Production refuses to let tenants send from addresses they have not claimed. */
export const senderPolicyProductionRule = {
  setting: 'SENDERS_MUST_BE_CLAIMED' as const,
  unsafe: (c: { SENDERS_MUST_BE_CLAIMED?: boolean | undefined }) =>
    c.SENDERS_MUST_BE_CLAIMED === false,
  fix: 'must be `true` (or unset): tenants would send as addresses they do not own',
};

export const SENDER_REFUSALS = {
  ownedByAnother: 'is not one of the numbers or addresses of this account',
  unclaimed:
    'is not a number or address this account has claimed; claim it first (admin CLI: claim-address)',
} as const;

/**
 * Why a tenant may not send from a (normalised) address, or `undefined` when it may. Another
 * tenant's address is never allowed: replies would go to the owner, and the owner's recipients
 * would see messages it never sent. With `mustBeClaimed` an address nobody claimed is refused
 * too, except for the development tenant.
 *
 * @example const why = await senderRefusal(db, { tenantId, from, mustBeClaimed: true });
 */
export async function senderRefusal(
  db: Kysely<Database>,
  input: { tenantId: string; from: string; mustBeClaimed: boolean },
): Promise<string | undefined> {
  const owner = await ownerOfAddress(db, input.from);
  if (owner === input.tenantId) return undefined;
  if (owner !== undefined) return SENDER_REFUSALS.ownedByAnother;
  if (input.mustBeClaimed && input.tenantId !== DEVELOPMENT_TENANT)
    return SENDER_REFUSALS.unclaimed;
  return undefined;
}

/**
 * The check a dispatcher makes before each round over its providers, with the service's own policy:
 * an address released (or never claimed) since the message was accepted fails it for good.
 *
 * @example const checkSender = senderCheck(database.db, sendersMustBeClaimed(config));
 */
export function senderCheck(db: Kysely<Database>, mustBeClaimed: boolean): SenderCheck {
  return (message) =>
    senderRefusal(db, { tenantId: message.tenant_id, from: message.from, mustBeClaimed });
}
