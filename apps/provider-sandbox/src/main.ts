import './tracing';
import { bufferedStdout } from '@switchboard/observability';
import { bootService } from '@switchboard/service';
import { sandboxConfigSchema } from '@switchboard/app-config/provider-sandbox';
import { createProviderSandbox } from './sandbox-app';

void bootService({
  name: 'provider-sandbox',
  configSchema: sandboxConfigSchema,
  env: process.env,
  // The sandbox logs JSON lines, at a terminal too: a line per message accepted, written in
  // blocks (at most a quarter of a second late) so that thousands a second cost little.
  pretty: false,
  logDestination: bufferedStdout(),
  build: ({ config, log, metrics }) => createProviderSandbox({ config, log, metrics }),
});
