import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '@switchboard/observability';
import { secretsEqual } from './credentials';
import type { FaultDecision, FaultSettings } from './fault-settings';
import type { MessageRecorder } from './message-recorder';
import type { AcceptedMessage } from './message-store';
import { newEmailMessageId } from './provider-ids';

/** SendGrid's limit, kept for SMTP too so both email paths accept the same mail. */
const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;
/** How long a stop waits for SMTP clients to say QUIT before cutting them off. */
const CLOSE_TIMEOUT_MS = 1_000;
/** Headers of ours a received mail keeps as its `custom_args`. */
const CUSTOM_HEADER_PREFIX = 'x-switchboard-';

/** An SMTP reply: the code and the text after it. */
interface SmtpReply {
  code: number;
  message: string;
}

/**
 * The SMTP reply for an injected fault. HTTP statuses read as their SMTP kin: 5xx (the
 * server's trouble) a transient 451, other 4xx a permanent 550, rate limits a 421.
 */
export function smtpFaultReply(
  action: Exclude<NonNullable<FaultDecision['action']>, { kind: 'late_answer' }>,
): SmtpReply | null {
  if (action.kind === 'rate_limit') {
    return { code: 421, message: '4.7.0 Too many messages, try again later' };
  }
  if (action.kind === 'timeout') return null;
  if (action.status >= 500 || action.status === 429) {
    return { code: 451, message: '4.3.0 Temporary server error, try again later' };
  }
  return { code: 550, message: '5.1.1 Recipient address rejected' };
}

const smtpError = (reply: SmtpReply) =>
  Object.assign(new Error(reply.message), { responseCode: reply.code });

function customHeaders(parsed: ParsedMail): Record<string, string> | null {
  const found = [...parsed.headers].filter(
    (entry): entry is [string, string] =>
      entry[0].startsWith(CUSTOM_HEADER_PREFIX) && typeof entry[1] === 'string',
  );
  return found.length ? Object.fromEntries(found) : null;
}

/** The `List-*` headers of a mail, as sent (unfolded), by their usual spelling. */
function listHeaders(parsed: ParsedMail): Record<string, string> | null {
  const found = parsed.headerLines
    .filter((h) => h.key.startsWith('list-'))
    .map((h): [string, string] => {
      const colon = h.line.indexOf(':');
      return [
        h.line.slice(0, colon).trim(),
        h.line
          .slice(colon + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      ];
    });
  return found.length ? Object.fromEntries(found) : null;
}

/** One record per envelope recipient, as with SendGrid, sharing the mail's Message-ID. */
export function receivedMailToMessages(
  parsed: ParsedMail,
  session: Pick<SMTPServerSession, 'envelope'>,
  receivedAt: string,
): AcceptedMessage[] {
  const mailFrom = session.envelope.mailFrom;
  const from = parsed.from?.value[0]?.address ?? (mailFrom ? mailFrom.address : '');
  const messageId = parsed.messageId ?? newEmailMessageId('sandbox.switchboard.test');
  const html = parsed.html === false || parsed.html === undefined ? null : parsed.html;
  const media = parsed.attachments.map((a, i) => a.filename ?? `attachment-${i + 1}`);
  const custom = customHeaders(parsed);
  const headers = listHeaders(parsed);
  return session.envelope.rcptTo.map((recipient) => ({
    provider: 'smtp',
    channel: 'email',
    from,
    to: recipient.address,
    subject: parsed.subject ?? null,
    body: parsed.text ?? html ?? '',
    html,
    media,
    provider_message_id: messageId,
    status_callback: null,
    custom_args: custom,
    ...(headers ? { headers } : {}),
    received_at: receivedAt,
  }));
}

export interface SmtpReceiverDeps {
  port: number;
  host: string;
  user: string;
  password: string;
  recorder: MessageRecorder;
  faults: FaultSettings;
  /** How long a `timeout` fault leaves the DATA command unanswered. */
  faultTimeoutMs: number;
  log: Logger;
}

export interface SmtpReceiver {
  /** Resolves with the port it listens on. */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A local SMTP server standing in for a mail relay: AUTH PLAIN/LOGIN without TLS, every mail
 * recorded in the sandbox's store with provider `smtp`, faults answered with SMTP 4xx/5xx.
 *
 * @example const smtp = createSmtpReceiver({ port: 2525, host, user, password, recorder, faults, faultTimeoutMs, log });
 */
export function createSmtpReceiver(deps: SmtpReceiverDeps): SmtpReceiver {
  const { recorder, faults, log } = deps;
  /** Replies held back by faults, so a stop can answer them at once. */
  const held = new Map<NodeJS.Timeout, () => void>();

  function later(ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      held.delete(timer);
      then();
    }, ms);
    held.set(timer, then);
  }

  const server = new SMTPServer({
    secure: false,
    // Local development has no certificate; credentials cross loopback only.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    size: MAX_MESSAGE_BYTES,
    banner: 'provider-sandbox ESMTP',
    logger: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onAuth(auth, _session, callback) {
      const valid =
        auth.username === deps.user &&
        typeof auth.password === 'string' &&
        secretsEqual(auth.password, deps.password);
      if (valid) callback(null, { user: auth.username });
      else callback(smtpError({ code: 535, message: '5.7.8 Authentication credentials invalid' }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const { delayMs, action } = faults.decide(
            'smtp',
            Math.random,
            session.envelope.rcptTo.map((r) => r.address),
          );
          const finish = () => {
            if (action && action.kind !== 'late_answer') {
              const reply = smtpFaultReply(action);
              if (reply) callback(smtpError(reply));
              // Never answered: the client's socket timeout decides; hang up eventually.
              else
                later(deps.faultTimeoutMs, () =>
                  callback(smtpError({ code: 421, message: '4.4.2 Timeout' })),
                );
              return;
            }
            const receivedAt = new Date().toISOString();
            let messageId = '';
            for (const message of receivedMailToMessages(parsed, session, receivedAt)) {
              messageId = recorder.record(message).provider_message_id;
            }
            const accepted = () => callback(null, `2.0.0 Ok: queued as ${messageId}`);
            if (action?.kind === 'late_answer') later(action.ms, accepted);
            else accepted();
          };
          if (delayMs > 0) later(delayMs, finish);
          else finish();
        })
        .catch((err: unknown) => {
          log.warn({ err }, 'smtp message could not be parsed');
          callback(smtpError({ code: 554, message: '5.6.0 Message could not be parsed' }));
        });
    },
  });
  server.on('error', (err) => log.warn({ err }, 'smtp connection error'));

  return {
    async start() {
      server.listen(deps.port, deps.host);
      await once(server.server, 'listening');
      const { port } = server.server.address() as AddressInfo;
      log.info({ port }, 'smtp receiver listening');
      return port;
    },
    async stop() {
      for (const [timer, then] of held) {
        clearTimeout(timer);
        then();
      }
      held.clear();
      if (!server.server.listening) return;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
