import type { ConversationResource, MessageResource } from '@switchboard/contracts';
import {
  eventually,
  hasBeenSent,
  sandboxMessages,
  startStack,
  type Stack,
} from '@switchboard/testing';
import { call } from './resilience-client';

/** The stack the resilience suites share. Filled in by `useResilienceStack`'s `beforeAll`. */
export class ResilienceStack {
  stack!: Stack;
  gateway!: string;
  sandbox!: string;

  readonly sandboxMessagesTo = (to: string) => sandboxMessages(this.sandbox, { to });

  /** Waits for the message to be sent, then checks its conversation holds it alone. */
  readonly expectSentOnce = async (message: MessageResource): Promise<void> => {
    const { gateway, sandboxMessagesTo, stack } = this;
    await eventually(
      async () =>
        (await call<MessageResource>(gateway, 'GET', `/api/v1/messages/${message.id}`)).body,
      hasBeenSent,
      { what: 'message sent' },
    ).catch((err: unknown) => {
      throw new Error(
        `${(err as Error).message}\nwhat the apps logged about it:\n${stack.linesAbout(message.id)}\n` +
          `their warnings and errors:\n${stack.linesAbout('"level":"warn"')}\n${stack.linesAbout('"level":"error"')}`,
      );
    });
    const conversation = await call<ConversationResource>(
      gateway,
      'GET',
      `/api/v1/conversations/${message.conversation_id}`,
    );
    expect(conversation.body.message_count).toBe(1);
    expect(await sandboxMessagesTo(message.to)).toHaveLength(1);
  };
}

/** Boots the whole stack before the suites and stops it after them. */
export function useResilienceStack(): ResilienceStack {
  const suite = new ResilienceStack();
  beforeAll(async () => {
    suite.stack = await startStack();
    suite.gateway = suite.stack.url('gateway');
    suite.sandbox = suite.stack.url('provider-sandbox');
  });

  afterAll(async () => {
    await suite.stack?.stop();
  });
  return suite;
}
