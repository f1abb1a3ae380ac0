import type { Database, Kysely } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import { suppress, verifyUnsubscribeToken } from '@switchboard/tenancy';

/** The start of a subject looked at: a token is far shorter, a hostile subject need not be. */
const SUBJECT_SCANNED_CHARS = 2048;
/** `unsubscribe v1.<payload>.<signature>`, as the `mailto:` link of a marketing mail writes it. */
const TOKEN_IN_SUBJECT = /unsubscribe (v1\.[\w-]{1,1000}\.[\w-]{43})/i;

export interface MailtoUnsubscribeDeps {
  db: Kysely<Database>;
  secret: string;
  /** The mailbox of the `mailto:` link (UNSUBSCRIBE_MAILTO). */
  mailbox: string;
  log: Logger;
}

/**
 * An Inbound Parse post of a mail to the unsubscribe mailbox whose subject carries one of our
 * tokens (what the `mailto:` link of `List-Unsubscribe` writes) unsubscribes the address the
 * token names, as the one-click `POST` does. Anything else is left alone; answers whether it
 * unsubscribed.
 */
export async function unsubscribeByMail(
  deps: MailtoUnsubscribeDeps,
  fields: Readonly<Record<string, string>>,
): Promise<boolean> {
  const recipients = `${fields['envelope'] ?? ''} ${fields['to'] ?? ''}`.toLowerCase();
  if (!recipients.includes(deps.mailbox.toLowerCase())) return false;
  const token = TOKEN_IN_SUBJECT.exec(
    (fields['subject'] ?? '').slice(0, SUBJECT_SCANNED_CHARS),
  )?.[1];
  const subject = token ? verifyUnsubscribeToken(deps.secret, token) : undefined;
  if (!subject) return false;
  const { added } = await suppress(deps.db, {
    tenantId: subject.tenantId,
    channel: subject.channel,
    address: subject.address,
    reason: 'unsubscribe',
    source: 'list-unsubscribe-mailto',
    note: 'unsubscribed by mail (List-Unsubscribe mailto)',
    actor: 'recipient',
  });
  deps.log.info({ tenant_id: subject.tenantId, added }, 'unsubscribe by mail');
  return true;
}
