import type { ChannelSender, DispatchCommand, SendResult } from '@switchboard/contracts';

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
