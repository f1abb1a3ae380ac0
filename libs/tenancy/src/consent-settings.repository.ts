import type { HoldCheck } from '@switchboard/contracts';
import { createGroupCommit, type Database, type Kysely } from '@switchboard/db';
import { quietUntil, recipientTimeZone, type QuietHours } from './quiet-hours';
import { CHECK_GROUP_MAX, CHECK_GROUPS } from './sender-policy';
import { getTenant } from './tenant.repository';

type Db = Kysely<Database>;

/** A tenant's consent settings, defaults filled in. */
export interface ConsentSettings {
  /** `sender`: a STOP opts out of the number it was sent to; `tenant`: of every number of the tenant. */
  optOutScope: 'sender' | 'tenant';
  /** The auto-replies; each names the business and says how to opt back in or out. */
  optOutReply: string;
  optInReply: string;
  helpReply: string;
  /** Marketing SMS/MMS are held during these hours of the recipient's local time; null: never. */
  quietHours: QuietHours | null;
}

/** What a tenant may set; null puts a setting back to its default. */
export interface ConsentSettingsInput {
  optOutScope?: 'sender' | 'tenant';
  businessName?: string | null;
  contact?: string | null;
  optOutReply?: string | null;
  optInReply?: string | null;
  helpReply?: string | null;
  /** null: no quiet hours. */
  quietHours?: QuietHours | null;
}

const defaultReplies = (business: string, contact: string | null) => ({
  optOut: `${business}: You are unsubscribed and will receive no more messages from us. Reply START to resubscribe.`,
  optIn: `${business}: You are resubscribed. Reply STOP to unsubscribe, HELP for help.`,
  help: `${business}: ${contact ? `Contact us at ${contact}. ` : ''}Reply STOP to unsubscribe, START to resubscribe. Msg & data rates may apply.`,
});

/** The tenant's consent settings: its own where set, else the defaults (business name: the tenant's name). */
export async function consentSettingsOf(db: Db, tenantId: string): Promise<ConsentSettings> {
  const row = await db
    .selectFrom('consent_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const business = row?.business_name ?? (await getTenant(db, tenantId))?.name ?? tenantId;
  const defaults = defaultReplies(business, row?.contact ?? null);
  return {
    optOutScope: row?.opt_out_scope ?? 'sender',
    optOutReply: row?.opt_out_reply ?? defaults.optOut,
    optInReply: row?.opt_in_reply ?? defaults.optIn,
    helpReply: row?.help_reply ?? defaults.help,
    quietHours: quietHoursOf(row),
  };
}

/** Sets some of a tenant's consent settings; the others stay as they were. */
export async function setConsentSettings(
  db: Db,
  tenantId: string,
  input: ConsentSettingsInput,
): Promise<ConsentSettings> {
  const values = {
    ...(input.optOutScope !== undefined ? { opt_out_scope: input.optOutScope } : {}),
    ...(input.businessName !== undefined ? { business_name: input.businessName } : {}),
    ...(input.contact !== undefined ? { contact: input.contact } : {}),
    ...(input.optOutReply !== undefined ? { opt_out_reply: input.optOutReply } : {}),
    ...(input.optInReply !== undefined ? { opt_in_reply: input.optInReply } : {}),
    ...(input.helpReply !== undefined ? { help_reply: input.helpReply } : {}),
    ...(input.quietHours !== undefined
      ? {
          quiet_hours_start: input.quietHours?.start ?? null,
          quiet_hours_end: input.quietHours?.end ?? null,
        }
      : {}),
  };
  await db
    .insertInto('consent_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
  return consentSettingsOf(db, tenantId);
}

const quietHoursOf = (
  row: { quiet_hours_start: number | null; quiet_hours_end: number | null } | undefined,
): QuietHours | null =>
  row?.quiet_hours_start != null && row.quiet_hours_end != null
    ? { start: row.quiet_hours_start, end: row.quiet_hours_end }
    : null;

/** The message types quiet hours hold (when marketing): texts; email and calls are not held. */
const HELD_TYPES = new Set(['sms', 'mms']);

/**
 * The dispatcher's quiet-hours check: a marketing SMS/MMS whose recipient is inside the tenant's
 * quiet hours (in the zone of the number: `recipientTimeZone`) waits until they end.
 * Transactional messages, email and tenants without quiet hours are never held.
 *
 * @example const hold = quietHoursHold(database.db); const until = await hold(command);
 */
export function quietHoursHold(db: Db, now: () => Date = () => new Date()): HoldCheck {
  // The tenants of the messages checked at once are read together, one statement a group.
  const groups = createGroupCommit<string, QuietHours | null>({
    maxItems: CHECK_GROUP_MAX,
    maxGroups: CHECK_GROUPS,
    run: async (tenantIds) => {
      const rows = await db
        .selectFrom('consent_settings')
        .select(['tenant_id', 'quiet_hours_start', 'quiet_hours_end'])
        .where('tenant_id', 'in', [...new Set(tenantIds)])
        .execute();
      const byTenant = new Map(rows.map((row) => [row.tenant_id, quietHoursOf(row)]));
      return tenantIds.map((id) => byTenant.get(id) ?? null);
    },
  });
  return async (message) => {
    if (message.category !== 'marketing' || !HELD_TYPES.has(message.type)) return undefined;
    const hours = await groups.submit(message.tenant_id);
    const zone = hours ? recipientTimeZone(message.to) : undefined;
    return hours && zone ? quietUntil(now(), hours, zone) : undefined;
  };
}
