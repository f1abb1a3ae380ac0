import { z } from 'zod';
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
  id: z.uuid(),
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
  note: z.string().nullable(),
  created_by: z.string().describe('Who added it: `recipient`, `provider`, or the acting client'),
  created_at: z.string(),
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
