// What the dispatcher specs share: providers that record what they send, and a started dispatcher.
import type {
  ChannelSender,
  ConsentCheck,
  DispatchCommand,
  SendResult,
  SenderCheck,
} from '@switchboard/contracts';
import { createDb } from '@switchboard/db';
import { connectNats } from '@switchboard/messaging';
import { createLogger, createMetrics } from '@switchboard/observability';
import { testEnv } from '@switchboard/testing';
import { dispatcherEnv } from '../src/dispatcher-config';
import { createDispatcherService } from '../src/dispatcher-service';

/** A provider that records what it is asked to send, and sends it (after `delayMs`). */
export function recordingProvider(
  name: string,
  delayMs = 0,
): ChannelSender & { sent: DispatchCommand[] } {
  const sent: DispatchCommand[] = [];
  return {
    name,
    sent,
    async send(command): Promise<SendResult> {
      sent.push(command);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { provider: name, providerMessageId: `${name}-${sent.length}-${command.message_id}` };
    },
    classify: (err) => ({
      provider: name,
      retryable: true,
      code: null,
      message: err instanceof Error ? err.message : String(err),
    }),
  };
}

/**
 * An SMS dispatcher over `providers`, on the NATS at `natsUrl` and the test database, started;
 * `env` adds or overrides its settings.
 */
export async function startSmsDispatcher(input: {
  spec: string;
  natsUrl: string;
  partitions: number;
  providers: ChannelSender[];
  checks: { checkSender: SenderCheck; checkConsent: ConsentCheck };
  env?: Record<string, string>;
}) {
  const config = dispatcherEnv.parse({
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    DATABASE_URL: testEnv().databaseUrl,
    NATS_URL: input.natsUrl,
    PARTITIONS: String(input.partitions),
    ...input.env,
  });
  const metrics = createMetrics(input.spec);
  const service = createDispatcherService({
    name: 'sms-dispatcher',
    channel: 'sms',
    port: 0,
    config,
    log: createLogger({ service: input.spec, level: 'silent' }),
    metrics,
    nats: await connectNats({ url: input.natsUrl, name: `${input.spec}-dispatcher` }),
    database: createDb({ url: testEnv().databaseUrl, poolMax: 4 }),
    providers: input.providers,
    checks: input.checks,
  });
  await service.start();
  return { service, metrics };
}
