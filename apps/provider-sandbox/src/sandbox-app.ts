import type { AddressInfo } from 'node:net';
import { createHttpService } from '@switchboard/http';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import type { SandboxConfig } from './config';
import { inspectionRoutes } from './inspection-routes';
import { createMessageRecorder } from './message-recorder';
import { MessageStore } from './message-store';
import { sendGridRoutes } from './sendgrid-routes';
import { twilioRoutes } from './twilio-routes';

export interface ProviderSandboxDeps {
  config: SandboxConfig;
  log: Logger;
  metrics: ServiceMetrics;
}

export interface ProviderSandbox extends Service {
  /** Where the sandbox listens, e.g. `http://127.0.0.1:4010`; known once `start()` resolved. */
  readonly url: string;
}

/** Where a client on this machine reaches a server bound to `address`. */
function localUrl(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard
    ? '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * A local imitation of Twilio's and SendGrid's HTTP APIs that the real SDKs can talk to,
 * plus `/sandbox/messages` to see what they sent. Start it on port 0 in tests.
 *
 * @example
 * const sandbox = createProviderSandbox({ config, log, metrics });
 * await sandbox.start();
 * twilio(sid, token, { httpClient: rewriteTo(sandbox.url) });
 */
export function createProviderSandbox(deps: ProviderSandboxDeps): ProviderSandbox {
  const { config, log, metrics } = deps;
  const store = new MessageStore(config.SANDBOX_MAX_MESSAGES);
  const recorder = createMessageRecorder({ store, registry: metrics.registry, log });

  const http = createHttpService({
    log,
    metrics,
    checks: {},
    routes: (app) => {
      app.use(
        twilioRoutes({
          accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
          authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
          store,
          recorder,
        }),
      );
      app.use(sendGridRoutes({ apiKey: config.SANDBOX_SENDGRID_API_KEY, recorder }));
      app.use(inspectionRoutes({ store }));
    },
  });

  let url: string | undefined;

  return {
    get url() {
      if (url === undefined)
        throw new Error('provider-sandbox is not listening yet; await start() first');
      return url;
    },
    async start() {
      const address = await http.listen(config.SANDBOX_PORT, config.HOST);
      url = localUrl(address);
      log.info({ url }, 'provider-sandbox listening');
    },
    async stop() {
      // Half the shutdown budget for in-flight requests, so connections are cut (and the
      // process exits 0) well before runService's hard deadline.
      await http.close(Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2));
    },
  };
}
