import { Counter, type Logger, type Registry } from '@switchboard/observability';
import type { AcceptedMessage, MessageStore } from './message-store';
import type { SandboxMessage } from './sandbox-message';

/** What every provider imitation calls once it has accepted a message. */
export interface MessageRecorder {
  /** Returns the stored record. */
  record(message: AcceptedMessage): SandboxMessage;
}

/**
 * Stores, counts and logs accepted messages, so every provider imitation behaves alike. The log line
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
      const stored = store.add(message);
      accepted.inc({ provider: message.provider, channel: message.channel });
      log.info(
        {
          provider: message.provider,
          channel: message.channel,
          provider_message_id: message.provider_message_id,
        },
        'message accepted',
      );
      return stored;
    },
  };
}
