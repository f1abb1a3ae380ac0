import { z } from 'zod';
import { DefaultPorts, baseEnv, port, positiveInt } from '@switchboard/config';

/** Settings of the provider sandbox; the credentials are the ones clients must present. */
export const sandboxConfigSchema = baseEnv.extend({
  SANDBOX_PORT: port(DefaultPorts.providerSandbox),
  SANDBOX_TWILIO_ACCOUNT_SID: z
    .string()
    .startsWith('AC')
    .default('ACtest00000000000000000000000000000'),
  SANDBOX_TWILIO_AUTH_TOKEN: z.string().min(1).default('sandbox-twilio-token'),
  SANDBOX_SENDGRID_API_KEY: z.string().min(1).default('SG.sandbox-key'),
  /** Accepted messages kept for inspection; the oldest are dropped beyond this. */
  SANDBOX_MAX_MESSAGES: positiveInt(100_000),
});

export type SandboxConfig = Readonly<z.output<typeof sandboxConfigSchema>>;
