export const Providers = ['twilio', 'sendgrid'] as const;
export type Provider = (typeof Providers)[number];

export const Channels = ['sms', 'mms', 'email'] as const;
export type Channel = (typeof Channels)[number];

/**
 * One message the sandbox accepted, as the inspection API shows it. Field names are the wire
 * names (snake_case) so the record is served as is. An email to several recipients is one
 * record per recipient, all sharing the request's `provider_message_id`, as with SendGrid.
 */
export interface SandboxMessage {
  readonly provider: Provider;
  readonly channel: Channel;
  readonly from: string;
  readonly to: string;
  /** Email only; null for SMS and MMS. */
  readonly subject: string | null;
  /** The SMS text, or an email's text/plain part (its HTML when there is no plain part); '' when absent. */
  readonly body: string;
  /** Email only; null for SMS and MMS, and for email without an HTML part. */
  readonly html: string | null;
  /** MMS media URLs, or email attachment file names. */
  readonly media: readonly string[];
  /** Twilio's `SM…` sid or SendGrid's `X-Message-Id`. */
  readonly provider_message_id: string;
  readonly status_callback: string | null;
  /** Email only: the request's `custom_args` merged with its personalization's. */
  readonly custom_args: Readonly<Record<string, string>> | null;
  /** ISO 8601. */
  readonly received_at: string;
}
