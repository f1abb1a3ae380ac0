import { z } from 'zod';
import { DEVELOPMENT_TENANT, type SenderCheck } from '@switchboard/contracts';
import { createGroupCommit, type Database, type Kysely } from '@switchboard/db';
import { ownerOfAddress, ownersOfAddresses } from './tenant-address.repository';

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
  return refusalFor(await ownerOfAddress(db, input.from), input);
}

function refusalFor(
  owner: string | undefined,
  input: { tenantId: string; mustBeClaimed: boolean },
): string | undefined {
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
  // The messages checked at once are answered by one read of their senders' owners.
  const groups = createGroupCommit<Parameters<SenderCheck>[0], string | undefined>({
    maxItems: CHECK_GROUP_MAX,
    maxGroups: CHECK_GROUPS,
    run: async (messages) => {
      const owners = await ownersOfAddresses(
        db,
        messages.map((m) => m.from),
      );
      return messages.map((m) =>
        refusalFor(owners.get(m.from), { tenantId: m.tenant_id, mustBeClaimed }),
      );
    },
  });
  return (message) => groups.submit(message);
}

/** Checks answered by one read at most, and such reads in flight at once. */
export const CHECK_GROUP_MAX = 64;
export const CHECK_GROUPS = 2;
