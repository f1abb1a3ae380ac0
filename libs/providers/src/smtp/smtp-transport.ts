import { createTransport } from 'nodemailer';

export interface SmtpConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /**
   * Without `secure`: send only over a connection STARTTLS upgraded, never in clear text (a relay
   * that does not offer STARTTLS, or a path that strips it, fails the send as retryable).
   */
  requireTLS?: boolean;
  /** Bound on connecting, the greeting, and any silence from the server. */
  timeoutMs?: number;
}

/**
 * nodemailer's pooled SMTP transport to one relay, which never re-queues a failed send: the
 * dispatcher decides when to try again. `close()` ends its connections.
 *
 * @example const transport = createSmtpTransport({ host: '127.0.0.1', port: 2525, user, password });
 */
export function createSmtpTransport(config: SmtpConfig) {
  const timeout = config.timeoutMs ?? 10_000;
  return createTransport({
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.secure ?? false,
    requireTLS: config.requireTLS ?? false,
    auth: { user: config.user, pass: config.password },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    maxRequeues: 0,
  });
}
export type SmtpTransport = ReturnType<typeof createSmtpTransport>;
