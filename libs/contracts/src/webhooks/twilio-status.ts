import { z } from 'zod';
import type { MessageStatus } from '../message.schema';

/**
 * The statuses of Twilio's status callbacks for a message we sent. The OpenAPI document lists
 * these and webhook-ingest reads them, so the two cannot disagree.
 */
export const TWILIO_OUTBOUND_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
] as const;
export type TwilioOutboundStatus = (typeof TWILIO_OUTBOUND_STATUSES)[number];

/** What each outbound Twilio status means for the message in Switchboard. */
export const TWILIO_OUTBOUND_STATUS_MEANING: Readonly<Record<TwilioOutboundStatus, MessageStatus>> =
  {
    accepted: 'queued',
    scheduled: 'queued',
    queued: 'queued',
    sending: 'sending',
    sent: 'sent',
    delivered: 'delivered',
    undelivered: 'undelivered',
    failed: 'failed',
    canceled: 'failed',
    read: 'read',
  };

/** The statuses Twilio gives a message sent to one of our numbers. */
export const TWILIO_INBOUND_STATUSES = ['receiving', 'received'] as const;

/** Every `MessageStatus` (or `SmsStatus`) a Twilio webhook may carry, outbound then inbound. */
export const TWILIO_MESSAGE_STATUSES = [
  ...TWILIO_OUTBOUND_STATUSES,
  ...TWILIO_INBOUND_STATUSES,
] as const;

const outboundMeaning = Object.entries(TWILIO_OUTBOUND_STATUS_MEANING)
  .map(([twilio, ours]) => `\`${twilio}\` → \`${ours}\``)
  .join(', ');

/** A Twilio message status Switchboard acts on; webhook-ingest ignores any other. */
export const TwilioMessageStatus = z.enum(TWILIO_MESSAGE_STATUSES).meta({
  description: `A status Switchboard acts on. A message we sent moves to ours: ${outboundMeaning}. \`${TWILIO_INBOUND_STATUSES.join('`, `')}\`: an incoming message.`,
});
export type TwilioMessageStatus = z.infer<typeof TwilioMessageStatus>;
