export const Providers = ['twilio', 'telnyx', 'sendgrid', 'smtp'] as const;
export type Provider = (typeof Providers)[number];

export const Channels = ['sms', 'mms', 'email'] as const;
export type Channel = (typeof Channels)[number];

/** One attempt to deliver a status callback or event webhook about a message. */
export interface CallbackAttempt {
  /** The status the callback reported: Twilio's `sent`/`delivered`…, SendGrid's event name. */
  readonly status: string;
  /** 1 for the first try, counting up through the retries. */
  readonly attempt: number;
  /** Our webhook's answer; null when there was none (connection error, timeout). */
  readonly http_status: number | null;
  /** Why there was no answer, e.g. `ECONNREFUSED`; null when there was one. */
  readonly error: string | null;
  /** ISO 8601. */
  readonly at: string;
}

/** One MMS media file as the sandbox fetched it from its `MediaUrl`, as Twilio would. */
export interface SandboxMediaFile {
  readonly url: string;
  /** The answer's status; null when there was none (refused, timed out). */
  readonly http_status: number | null;
  /** Why the file could not be had (`answered 404`, `too_large`, a network error); null when it was. */
  readonly error: string | null;
  /** SHA-256 of the bytes received, hex; null when the fetch failed. */
  readonly sha256: string | null;
  readonly size: number | null;
  /** The `Content-Type` the URL answered with. */
  readonly content_type: string | null;
}

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
  /**
   * Twilio MMS only: each `MediaUrl` as the sandbox fetched it before accepting the message
   * (bytes hashed, nothing kept). Absent for other messages.
   */
  readonly media_files?: readonly SandboxMediaFile[];
  /** Twilio's `SM…` sid, Telnyx's message uuid, SendGrid's `X-Message-Id`, or the SMTP Message-ID. */
  readonly provider_message_id: string;
  /** Where Twilio's `StatusCallback` or Telnyx's `webhook_url` said to report. */
  readonly status_callback: string | null;
  /**
   * Email only: SendGrid's `custom_args` (the request's merged with its personalization's),
   * or the `X-Switchboard-*` headers of a mail received over SMTP.
   */
  readonly custom_args: Readonly<Record<string, string>> | null;
  /**
   * Email only: the mail's own headers — SendGrid's `headers` (the request's merged with its
   * personalization's), or the `List-*` headers of a mail received over SMTP
   * (`List-Unsubscribe`, `List-Unsubscribe-Post`). Absent when there are none.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** ISO 8601. */
  readonly received_at: string;
  /** Every attempt to report on this message, oldest first. */
  readonly callbacks: readonly CallbackAttempt[];
}
