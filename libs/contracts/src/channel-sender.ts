import type { DispatchCommand } from './event.schema';

/** What a provider answered for a send it accepted. */
export interface SendResult {
  provider: string;
  providerMessageId: string;
  /** The provider's own status word at acceptance (e.g. Twilio's `queued`), when it gives one. */
  providerStatus?: string;
}

/** A failed send, told apart by whether trying again (or elsewhere) can help. */
export interface ProviderFailure {
  provider: string;
  /** 429, 5xx, timeouts, connection errors: retry and fail over. Otherwise stop. */
  retryable: boolean;
  /** The provider's own code (e.g. Twilio's `21211`), else the HTTP status, when there is one. */
  code: string | null;
  message: string;
  /** How long the provider asked us to wait (its `Retry-After`). */
  retryAfterMs?: number;
}

/**
 * An attachment ready to go out: stored, typed from its bytes and scanned clean. MMS providers
 * are given its signed URL; email providers its bytes.
 */
export interface OutgoingFile {
  /** The media id. */
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** A signed, expiring URL of ours that serves the bytes without credentials. */
  url: string;
  /** Its bytes (bounded by the channel's size limit). */
  read(): Promise<Buffer>;
}

/**
 * One provider of a channel as the dispatch engine drives it: it sends a dispatch command, and
 * says of whatever a send threw whether trying again can help. Every channel (SMS, email, …)
 * offers its providers in this one shape; the engine never knows which channel it serves.
 */
export interface ChannelSender {
  readonly name: string;
  /** `files`: the command's attachments as stored and scanned clean, when the channel resolved them. */
  send(command: DispatchCommand, files?: readonly OutgoingFile[]): Promise<SendResult>;
  /** Maps whatever `send` threw (anything at all) to a failure; never throws. */
  classify(err: unknown): ProviderFailure;
  /**
   * Messages the provider accepted since `since` that match this command, newest first: after a
   * crash lost an attempt's outcome, one of them may be ours. Providers that cannot tell leave
   * this out, and the message is sent again (at-least-once in that narrow window).
   */
  findSent?(command: DispatchCommand, since: Date): Promise<SendResult[]>;
  /** Releases what the sender holds open (an SMTP connection pool), once, at shutdown. */
  close?(): void | Promise<void>;
}

/**
 * Why a message's tenant may not send from its `from` now, or `undefined` when it may: checked
 * again at dispatch, before each round over the providers. Throws when it cannot tell (the
 * database did not answer): the message is then tried again later, no provider is involved.
 */
export type SenderCheck = (
  message: Pick<DispatchCommand, 'tenant_id' | 'from'>,
) => Promise<string | undefined>;

/** Why a message may not reach its recipient: the recipient opted out, or is suppressed. */
export interface ConsentRefusal {
  /** `recipient_opted_out` or `recipient_suppressed`: the code the message fails with. */
  code: 'recipient_opted_out' | 'recipient_suppressed';
  /** The suppression's reason (`opt_out`, `hard_bounce`, `spam_report`, …). */
  reason: string;
}

/**
 * Whether the message's recipient still consents, checked again at dispatch before each round
 * over the providers: an opt-out or suppression recorded after the message was accepted stops it
 * there, whichever provider the round would reach. Throws when it cannot tell, like `SenderCheck`.
 */
export type ConsentCheck = (
  message: Pick<DispatchCommand, 'message_id' | 'tenant_id' | 'type' | 'from' | 'to'> &
    Partial<Pick<DispatchCommand, 'category'>>,
) => Promise<ConsentRefusal | undefined>;

/**
 * Until when a message must wait before it may be sent (the tenant's quiet hours in the
 * recipient's local time), or `undefined` when it may go now: asked by a dispatcher before it
 * takes the message.
 */
export type HoldCheck = (
  message: Pick<DispatchCommand, 'tenant_id' | 'type' | 'to' | 'category'>,
) => Promise<Date | undefined>;
