import { z } from 'zod';
import { DefaultPorts, bool, csv, port, refuseInProduction } from '@switchboard/config';
import { senderPolicyEnv, senderPolicyProductionRule } from '@switchboard/tenancy';
import { dispatcherEnv } from '@switchboard/dispatch';

export const EMAIL_PROVIDER_NAMES = ['sendgrid', 'smtp'] as const;

/** A boolean setting whose absence means something of its own. */
const optionalBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

export const emailDispatcherConfigSchema = dispatcherEnv
  .extend({
    EMAIL_DISPATCHER_PORT: port(DefaultPorts.emailDispatcher),
    /** Providers in the order they are tried; the next one takes over when one fails. */
    EMAIL_PROVIDERS: csv('sendgrid,smtp').pipe(z.array(z.enum(EMAIL_PROVIDER_NAMES)).min(1)),
    SENDGRID_API_KEY: z.string().default('SG.sandbox-key'),
    /** SendGrid's API origin; provider-sandbox outside production when unset. */
    SENDGRID_BASE_URL: z.url().optional(),
    /** The SMTP relay; provider-sandbox's receiver by default. */
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
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    ...senderPolicyEnv.shape,
  })
  .superRefine((config, ctx) => refuseInProduction(config, ctx, [senderPolicyProductionRule]))
  .transform((config) => ({
    ...config,
    SMTP_REQUIRE_TLS: config.SMTP_REQUIRE_TLS ?? config.ENVIRONMENT === 'production',
  }));
export type EmailDispatcherConfig = z.output<typeof emailDispatcherConfigSchema>;
