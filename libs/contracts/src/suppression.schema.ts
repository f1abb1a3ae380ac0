import { z } from 'zod';
import { PageQuery, pageOf } from './api.schema';
import { ChannelKind } from './message.schema';

/**
 * Why a recipient is on a tenant's suppression list. `opt_out` is an SMS/MMS recipient's STOP;
 * the others suppress an email address (`manual` either).
 */
export const SUPPRESSION_REASONS = [
  'opt_out',
  'hard_bounce',
  'dropped',
  'spam_report',
  'unsubscribe',
  'group_unsubscribe',
  'smtp_rejection',
  'soft_bounces',
  'manual',
] as const;
export const SuppressionReason = z
  .enum(SUPPRESSION_REASONS)
  .describe(
    'Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`',
  );
export type SuppressionReason = z.infer<typeof SuppressionReason>;

/** One entry of a tenant's suppression list. */
export const SuppressionResource = z.object({
  id: z.uuid().describe('The entry'),
  channel: ChannelKind,
  address: z.string().describe('The recipient, normalised (E.164, lower-cased email)'),
  sender: z
    .string()
    .nullable()
    .describe('The tenant number the recipient opted out of; null: every sender of the tenant'),
  reason: SuppressionReason,
  source: z
    .string()
    .nullable()
    .describe(
      'What caused it: the inbound message id, the provider event id; null when added by hand',
    ),
  note: z.string().nullable().describe('Why, as given by whoever added it'),
  created_by: z.string().describe('Who added it: `recipient`, `provider`, or the acting client'),
  created_at: z.string().describe('When it was added'),
});
export type SuppressionResource = z.infer<typeof SuppressionResource>;

/**
 * What a status event can tell about a recipient besides the message's status: a hard bounce,
 * a drop, a complaint, an unsubscribe or a permanent SMTP rejection suppress the address; a soft
 * bounce is counted (enough of them in a window suppress it).
 */
export const RECIPIENT_SIGNALS = [
  'hard_bounce',
  'soft_bounce',
  'dropped',
  'spam_report',
  'unsubscribe',
  'group_unsubscribe',
  'smtp_rejection',
] as const;
export const RecipientSignal = z.enum(RECIPIENT_SIGNALS);
export type RecipientSignal = z.infer<typeof RecipientSignal>;

/** `GET /api/v1/suppressions`: newest first, keyset-paged, filtered by channel and reason. */
export const ListSuppressionsQuery = PageQuery.extend({
  channel: ChannelKind.optional().describe('Only `phone` (opt-outs) or only `email` entries'),
  reason: SuppressionReason.optional().describe('Only entries of this reason'),
}).strict();
export type ListSuppressionsQuery = z.infer<typeof ListSuppressionsQuery>;

export const SuppressionPage = pageOf(SuppressionResource);
export type SuppressionPage = z.infer<typeof SuppressionPage>;

/** `GET /api/v1/suppressions/{address}`: every entry of one recipient. */
export const SuppressionList = z.object({
  address: z.string().describe('The recipient, normalised'),
  data: z.array(SuppressionResource).describe("The recipient's entries (one per sender it covers)"),
});
export type SuppressionList = z.infer<typeof SuppressionList>;

const Note = z.string().trim().min(1).max(500);

/** `POST /api/v1/suppressions`: put a recipient on the list by hand (reason `manual`). */
export const AddSuppressionRequest = z
  .object({
    address: z
      .string()
      .min(1)
      .max(320)
      .describe('A phone number (any common format) or an email address'),
    note: Note.optional().describe('Why; kept in the audit trail'),
  })
  .strict();
export type AddSuppressionRequest = z.infer<typeof AddSuppressionRequest>;

/** `DELETE /api/v1/suppressions/{address}?reason=`: why it is removed, recorded in the audit trail. */
export const RemoveSuppressionQuery = z
  .object({ reason: Note.describe('Why the recipient may be messaged again (required, audited)') })
  .strict();
export type RemoveSuppressionQuery = z.infer<typeof RemoveSuppressionQuery>;

export const AddressParam = z.object({
  address: z.string().min(1).max(320).describe('A phone number or email address, URL-encoded'),
});

const Tenant = z.object({ tenant_id: z.string() });
/** Who acts: the API key id, or `jwt`/`anonymous`; recorded in the audit trail. */
const Actor = z.object({ actor: z.string().min(1).max(200) });
const NormalizedAddress = z.object({ address: z.string(), channel: ChannelKind });

export const ListSuppressionsRpc = Tenant.extend(ListSuppressionsQuery.shape);
export const GetSuppressionRpc = Tenant.extend({ address: z.string() });
export const AddSuppressionRpc = Tenant.extend(Actor.shape)
  .extend(NormalizedAddress.shape)
  .extend({ note: Note.nullable() });
export const RemoveSuppressionRpc = Tenant.extend(Actor.shape).extend({
  address: z.string(),
  reason: Note,
});
