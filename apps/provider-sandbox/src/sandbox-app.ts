import type { AddressInfo } from 'node:net';
import { createHttpService } from '@switchboard/http';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import type { SandboxConfig } from '@switchboard/app-config/provider-sandbox';
import { EmailOutcomes, emailOutcomeRoutes } from './email-outcomes';
import { createFaultInjector } from './fault-injector';
import { faultRoutes } from './fault-routes';
import { FaultSettings } from './fault-settings';
import { createInboundMedia } from './inbound-media';
import { inboundRoutes } from './inbound-routes';
import { inspectionRoutes } from './inspection-routes';
import { createMessageRecorder } from './message-recorder';
import { MessageStore } from './message-store';
import { createSendGridEventWebhook } from './sendgrid-event-webhook';
import { sendGridRoutes } from './sendgrid-routes';
import { createSmtpReceiver } from './smtp-receiver';
import { telnyxRoutes } from './telnyx-routes';
import { twilioDirectSends } from './twilio-direct-sends';
import { twilioRoutes } from './twilio-routes';
import { createTwilioStatusCallbacks } from './twilio-status-callbacks';
import { createVoiceChannel } from './voice/voice-channel';
import { createWebhookSender } from './webhook-sender';

export interface ProviderSandboxDeps {
  config: SandboxConfig;
  log: Logger;
  metrics: ServiceMetrics;
}

export interface ProviderSandbox extends Service {
  /** Where the sandbox listens, e.g. `http://127.0.0.1:4010`; known once `start()` resolved. */
  readonly url: string;
  /** The SMTP receiver's port; known once `start()` resolved. */
  readonly smtpPort: number;
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
 * A local imitation of Twilio's, Telnyx's and SendGrid's HTTP APIs (messages and calls) and of
 * an SMTP relay that the real SDKs can talk to. It reports back like the providers (signed status callbacks and
 * event webhooks), delivers inbound messages on request, injects faults, and shows what it
 * accepted at `/sandbox/messages`. Start it on port 0 (HTTP and SMTP) in tests.
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
  const faultSettings = new FaultSettings();
  const faults = createFaultInjector({
    settings: faultSettings,
    timeoutMs: config.SANDBOX_FAULT_TIMEOUT_MS,
  });
  const sender = createWebhookSender({
    log,
    attempts: config.SANDBOX_CALLBACK_ATTEMPTS,
    retryDelayMs: config.SANDBOX_CALLBACK_RETRY_MS,
    timeoutMs: config.SANDBOX_CALLBACK_TIMEOUT_MS,
    concurrency: config.SANDBOX_CALLBACK_CONCURRENCY,
  });
  const statusCallbacks = config.SANDBOX_CALLBACKS
    ? createTwilioStatusCallbacks({
        sender,
        store,
        accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
        authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
        delayMs: config.SANDBOX_CALLBACK_DELAY_MS,
      })
    : undefined;
  const emailOutcomes = new EmailOutcomes();
  const eventWebhook = config.SANDBOX_CALLBACKS
    ? createSendGridEventWebhook({
        outcomes: emailOutcomes,
        sender,
        store,
        url: config.SANDBOX_SENDGRID_EVENT_WEBHOOK_URL,
        privateKey: config.SANDBOX_SENDGRID_WEBHOOK_PRIVATE_KEY,
        delayMs: config.SANDBOX_CALLBACK_DELAY_MS,
      })
    : undefined;
  let url: string | undefined;
  let smtpPort: number | undefined;
  const voice = createVoiceChannel({
    config,
    sender,
    faults,
    origin: () => config.SANDBOX_PUBLIC_URL ?? url ?? '',
  });
  const inboundMedia = createInboundMedia({
    accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
    authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
    origin: () => config.SANDBOX_PUBLIC_URL ?? url ?? '',
  });
  const smtp = createSmtpReceiver({
    port: config.SANDBOX_SMTP_PORT,
    host: config.HOST,
    user: config.SANDBOX_SMTP_USER,
    password: config.SANDBOX_SMTP_PASSWORD,
    recorder,
    faults: faultSettings,
    faultTimeoutMs: config.SANDBOX_FAULT_TIMEOUT_MS,
    log,
  });

  const http = createHttpService({
    log,
    metrics,
    checks: {},
    direct: twilioDirectSends({
      accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
      authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
      recorder,
      ...(statusCallbacks ? { statusCallbacks } : {}),
      faults: faultSettings,
      hold: faults.hold,
      metrics,
      log,
    }),
    routes: (app) => {
      app.use(
        twilioRoutes({
          accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
          authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
          store,
          recorder,
          faults,
          ...(statusCallbacks ? { statusCallbacks } : {}),
        }),
      );
      app.use(telnyxRoutes({ apiKey: config.SANDBOX_TELNYX_API_KEY, recorder, faults }));
      app.use(
        sendGridRoutes({
          apiKey: config.SANDBOX_SENDGRID_API_KEY,
          recorder,
          faults,
          ...(eventWebhook ? { eventWebhook } : {}),
        }),
      );
      app.use(
        inboundRoutes({
          sender,
          log,
          twilio: {
            accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
            authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
            inboundUrl: config.SANDBOX_TWILIO_INBOUND_URL,
          },
          inboundParse: {
            url: config.SANDBOX_INBOUND_PARSE_URL,
            secret: config.SANDBOX_INBOUND_PARSE_SECRET,
          },
          voice: voice.inbound,
          media: inboundMedia,
        }),
      );
      app.use(inboundMedia.routes);
      for (const routes of voice.routes) app.use(routes);
      app.use(faultRoutes({ settings: faultSettings }));
      app.use(emailOutcomeRoutes({ outcomes: emailOutcomes }));
      app.use(inspectionRoutes({ store }));
    },
  });

  return {
    get url() {
      if (url === undefined)
        throw new Error('provider-sandbox is not listening yet; await start() first');
      return url;
    },
    get smtpPort() {
      if (smtpPort === undefined)
        throw new Error('provider-sandbox is not listening yet; await start() first');
      return smtpPort;
    },
    async start() {
      const address = await http.listen(config.SANDBOX_PORT, config.HOST);
      url = localUrl(address);
      try {
        smtpPort = await smtp.start();
      } catch (err) {
        await http.close(0);
        throw err;
      }
      log.info({ url, smtp_port: smtpPort }, 'provider-sandbox listening');
    },
    async stop() {
      // Requests held by faults and callbacks waiting to be sent would otherwise hold the stop up.
      faults.stop();
      // The sender's stop cancels call simulations first, so the fetches aborted next end them
      // quietly.
      const stopping = sender.stop();
      voice.stop();
      await stopping;
      // Half the shutdown budget for in-flight requests, so connections are cut (and the
      // process exits 0) well before runService's hard deadline.
      await Promise.all([http.close(Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2)), smtp.stop()]);
    },
  };
}
