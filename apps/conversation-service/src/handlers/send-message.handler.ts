import type { MessageResource, SendMessageCommand } from '@switchboard/contracts';
import { storeOutbound, type SendBatchDeps } from './send-batch.handler';

export type SendMessageDeps = SendBatchDeps;

/**
 * Accepts an outbound message: threads it into its conversation and stores the message, its
 * first lifecycle event and the dispatch command (outbox) in ONE transaction. When this
 * resolves, the message is durable and will be dispatched. (The bulk path with one message.)
 */
export async function sendMessage(
  deps: SendMessageDeps,
  cmd: SendMessageCommand,
): Promise<MessageResource> {
  const [message] = await storeOutbound(deps, [{ cmd }]);
  return message!;
}
