import { z } from 'zod';
import { bool, port } from '@switchboard/config';
import type { ProviderSettings } from '../provider-settings';
import { createSmtpTransport, type SmtpTransport } from './smtp-transport';

/** A boolean setting whose absence means something of its own. */
const optionalBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

/** The SMTP relay's settings; provider-sandbox's receiver by default. */
export const smtpEnv = z.object({
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: port(2525),
  SMTP_USER: z.string().default('sandbox'),
  SMTP_PASSWORD: z.string().default('sandbox-smtp'),
  /** TLS from the first byte (port 465); otherwise STARTTLS (see SMTP_REQUIRE_TLS). */
  SMTP_SECURE: bool(false),
  /**
   * Refuse to send unless the relay upgrades the connection with STARTTLS (or SMTP_SECURE is
   * set): without it, a relay (or anyone on the path) that does not offer STARTTLS receives the
   * credentials and the message in clear text. On in production unless set to `false`.
   */
  SMTP_REQUIRE_TLS: optionalBool,
});
export type SmtpEnv = z.output<typeof smtpEnv>;

/** Whether the relay must secure the connection: as SMTP_REQUIRE_TLS says, else in production. */
export function smtpRequiresTls(
  settings: Readonly<Pick<SmtpEnv, 'SMTP_REQUIRE_TLS'> & Pick<ProviderSettings, 'ENVIRONMENT'>>,
): boolean {
  return settings.SMTP_REQUIRE_TLS ?? settings.ENVIRONMENT === 'production';
}

/** The SMTP transport these settings describe. */
export function smtpTransportFrom(settings: Readonly<SmtpEnv & ProviderSettings>): SmtpTransport {
  return createSmtpTransport({
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    user: settings.SMTP_USER,
    password: settings.SMTP_PASSWORD,
    secure: settings.SMTP_SECURE,
    requireTLS: smtpRequiresTls(settings),
    timeoutMs: settings.PROVIDER_TIMEOUT_MS,
  });
}
