import type { MessageEventList, MessageResource } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { signTwilioRequest } from '@switchboard/providers';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { api } from '../api-client';

export const TWILIO_TOKEN = 'sandbox-twilio-token';
export const OUR_NUMBER = '+15551234567';

/** The stack the webhook suites share. Filled in by `useWebhooksStack`'s `beforeAll`. */
export class WebhooksStack {
  stack!: Stack;
  gateway!: string;
  database!: Db;

  readonly twilioUrl = () => `${this.gateway}/api/v1/webhooks/twilio`;

  /** Posts a Twilio webhook, signed with the sandbox token unless given another signature or none. */
  readonly postTwilio = async (
    params: Record<string, string>,
    signature: string | null = signTwilioRequest(TWILIO_TOKEN, this.twilioUrl(), params),
  ) => {
    const { twilioUrl } = this;
    const res = await fetch(twilioUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature ? { 'x-twilio-signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text: await res.text(),
    };
  };

  /** Sends an SMS from our number and waits until it is sent. */
  readonly sendSms = async (to: string): Promise<MessageResource> => {
    const { gateway } = this;
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: OUR_NUMBER,
      to,
      body: 'Ping',
    });
    return eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      (m) => m.status === 'sent',
      { what: 'sent' },
    );
  };

  readonly statusOf = async (id: string) =>
    (await api<MessageResource>(this.gateway, 'GET', `/api/v1/messages/${id}`)).body.status;
  readonly eventsOf = async (id: string) =>
    (await api<MessageEventList>(this.gateway, 'GET', `/api/v1/messages/${id}/events`)).body.data;
}

/** Boots the stack with no provider callbacks but the suites' own, before them; stops it after. */
export function useWebhooksStack(): WebhooksStack {
  const suite = new WebhooksStack();
  beforeAll(async () => {
    // Callbacks come from this suite alone, so each assertion below sees only what it sent.
    suite.stack = await startStack({
      env: { STATUS_CALLBACKS: 'false', SANDBOX_CALLBACKS: 'false' },
    });
    suite.gateway = suite.stack.url('gateway');
    suite.database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
  });

  afterAll(async () => {
    await suite.stack?.stop();
    await suite.database?.close();
  });
  return suite;
}
