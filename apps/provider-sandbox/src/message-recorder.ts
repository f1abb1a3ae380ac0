import { Counter, type Logger, type Registry } from '@switchboard/observability';
import type { MessageStore } from './message-store';
import type { SandboxMessage } from './sandbox-message';

/** What every provider imitation calls once it has accepted a message. */
export interface MessageRecorder {
  record(message: SandboxMessage): void;
}

/**
 * Stores, counts and logs accepted messages, so both providers behave alike. The log line
 * carries ids only: bodies, numbers and addresses stay out of logs even in a sandbox.
 *
 * @example const recorder = createMessageRecorder({ store, registry: metrics.registry, log });
 */
export function createMessageRecorder(deps: {
  store: MessageStore;
  registry: Registry;
  log: Logger;
}): MessageRecorder {
  const { store, log } = deps;
  const accepted = new Counter({
    name: 'sandbox_messages_accepted_total',
    help: 'Messages the provider sandbox accepted, by provider and channel',
    labelNames: ['provider', 'channel'] as const,
    registers: [deps.registry],
  });

  return {
    record(message) {
      store.add(message);
      accepted.inc({ provider: message.provider, channel: message.channel });
      log.info(
        {
          provider: message.provider,
          channel: message.channel,
          provider_message_id: message.provider_message_id,
        },
        'message accepted',
      );
    },
  };
}
