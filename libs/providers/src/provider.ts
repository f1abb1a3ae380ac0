import type { SendResult } from '@switchboard/contracts';

/** An SMS/MMS ready for a provider: addresses in E.164, media as https URLs. */
export interface OutboundSms {
  messageId: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: readonly string[];
  /** Where the provider should post status callbacks, when we want them. */
  statusCallbackUrl?: string;
}

/** An email ready for a provider: HTML body with a derived plain-text alternative. */
/** A file attached to an email, with its sniffed type and original name. */
export interface EmailFile {
  name: string;
  contentType: string;
  content: Buffer;
}

export interface OutboundEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Attachments as links: URLs that were not fetched (no media pipeline in front of this send). */
  attachmentUrls: readonly string[];
  /** Attachments as files: stored, typed from their bytes and scanned clean. */
  files?: readonly EmailFile[];
  /** The dispatch generation, returned with the provider's events (see `callback-attempt.ts`). */
  generation?: number;
  /**
   * Marketing mail's one-click unsubscribe links (RFC 8058), sent as `List-Unsubscribe` and
   * `List-Unsubscribe-Post`; absent for transactional mail.
   */
  listUnsubscribe?: ListUnsubscribe;
}

/** Where a recipient unsubscribes: our https URL (one-click `POST`) and a mailbox. */
export interface ListUnsubscribe {
  url: string;
  mailto: string;
}

/** A recipient's unsubscribe links, signed for the message's tenant and recipient. */
export type UnsubscribeLinksFor = (message: { tenant_id: string; to: string }) => ListUnsubscribe;

/**
 * The RFC 8058 headers for a mail's unsubscribe links: both links in `List-Unsubscribe` (the
 * https one first: mailbox providers prefer it), and `List-Unsubscribe-Post` saying a `POST`
 * to it unsubscribes with one click.
 */
export function listUnsubscribeHeaders(links: ListUnsubscribe | undefined): Record<string, string> {
  if (!links) return {};
  return {
    'List-Unsubscribe': `<${links.url}>, <${links.mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** What identifies a message when asking a provider whether it already accepted it. */
export interface SentLookup {
  from: string;
  to: string;
  body: string;
  since: Date;
}

/** One vendor's SMS/MMS API, in our words. A channel sender (`channels/`) drives it. */
export interface SmsProvider {
  readonly name: string;
  send(message: OutboundSms): Promise<SendResult>;
  /** Messages the provider accepted since `since` with these addresses and body, newest first. */
  findSent?(lookup: SentLookup): Promise<SendResult[]>;
}

/** One vendor's email API, in our words. A channel sender (`channels/`) drives it. */
export interface EmailProvider {
  readonly name: string;
  send(message: OutboundEmail): Promise<SendResult>;
  /** Releases what it holds open (a connection pool), at shutdown. */
  close?(): void;
}
