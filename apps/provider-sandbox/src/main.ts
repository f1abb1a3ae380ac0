import './tracing';
import { bootService } from '@switchboard/service';
import { sandboxConfigSchema } from '@switchboard/app-config/provider-sandbox';
import { createProviderSandbox } from './sandbox-app';

void bootService({
  name: 'provider-sandbox',
  configSchema: sandboxConfigSchema,
  env: process.env,
  // The sandbox logs JSON lines, at a terminal too.
  pretty: false,
  build: ({ config, log, metrics }) => createProviderSandbox({ config, log, metrics }),
});
