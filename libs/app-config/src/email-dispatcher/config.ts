import type { z } from 'zod';
import { DefaultPorts, port, publicUrlEnv, refuseInProduction } from '@switchboard/config';
import { emailProvidersEnv, smtpRequiresTls } from '@switchboard/providers';
import {
  senderPolicyEnv,
  senderPolicyProductionRule,
  unsubscribeEnv,
  unsubscribeProductionRules,
} from '@switchboard/tenancy';
import { dispatcherEnv } from '@switchboard/dispatch';
import { mediaDispatchEnv, mediaDispatchProductionRules } from '@switchboard/media';

export const emailDispatcherConfigSchema = dispatcherEnv
  // EMAIL_PROVIDERS, PROVIDER_TIMEOUT_MS and each provider's settings (SENDGRID_*, SMTP_*).
  .extend(emailProvidersEnv.shape)
  // Storage, clamd and signed URLs: attachments are stored and scanned before any provider sees them.
  .extend(mediaDispatchEnv.shape)
  .extend({
    EMAIL_DISPATCHER_PORT: port(DefaultPorts.emailDispatcher),
    ...senderPolicyEnv.shape,
    // Marketing mail's one-click unsubscribe links: ${PUBLIC_BASE_URL}/api/v1/webhooks/unsubscribe/….
    ...publicUrlEnv.shape,
    ...unsubscribeEnv.shape,
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [
      senderPolicyProductionRule,
      ...unsubscribeProductionRules,
      ...mediaDispatchProductionRules,
    ]),
  )
  // The configuration says what the relay will be held to: TLS required in production unless
  // SMTP_REQUIRE_TLS says otherwise.
  .transform((config) => ({ ...config, SMTP_REQUIRE_TLS: smtpRequiresTls(config) }));
export type EmailDispatcherConfig = z.output<typeof emailDispatcherConfigSchema>;
