import { SANDBOX_SENDGRID_WEBHOOK_KEYS } from '@switchboard/config';
import type { MessageEventList, MessageResource } from '@switchboard/contracts';
import {
  SENDGRID_GENERATION_ARG,
  SENDGRID_MESSAGE_ID_ARG,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
  signTwilioRequest,
} from '@switchboard/providers';
import {
  createTestDatabase,
  eventually,
  sandboxMessages,
  startStack,
  type SandboxRecord,
  type Stack,
  type TestDatabase,
} from '@switchboard/testing';
import { api } from './api-client';

const TWILIO_TOKEN = 'sandbox-twilio-token';
const OUR_NUMBER = '+15551234567';
/** The sandbox reports every message to this number `failed` (Twilio error 30008). */
const FAILS = '+15005553008';
/** Keeps the retried attempt at the provider while the first attempt's late callback arrives. */
const RETRY_LATENCY_MS = 5_000;

/** A record as the sandbox keeps it, with the status callback URL the sender asked for. */
type TwilioRecord = SandboxRecord & { status_callback: string | null };
/** A mail as the sandbox keeps it, with the custom args SendGrid would return on its events. */
type SendGridRecord = SandboxRecord & { custom_args: Record<string, string> | null };

/**
 * A retried message is a new attempt with a new provider id. Provider callbacks belong to the
 * attempt that asked for them: a late callback of the first attempt is recorded in the message's
 * lifecycle but does not move the retried message, and the new attempt's callbacks apply.
 */
describe('retry: callbacks apply to the attempt they belong to', () => {
  let database: TestDatabase;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({ env: { DATABASE_URL: database.url, LOG_LEVEL: 'warn' } });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  const eventsOf = async (id: string) =>
    (await api<MessageEventList>(gateway, 'GET', `/api/v1/messages/${id}/events`)).body.data;
  const get = async (id: string) =>
    (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body;
  const records = async () => (await sandboxMessages(sandbox, { to: FAILS })) as TwilioRecord[];

  it('records a late callback of the first attempt without moving the retried message', async () => {
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: OUR_NUMBER,
      to: FAILS,
      body: 'first attempt fails at the carrier',
    });
    expect(accepted.status).toBe(201);
    const id = accepted.body.id;
    const failed = await eventually(
      () => get(id),
      (m) => m.status === 'failed',
      { what: 'the first attempt failed', timeoutMs: 60_000 },
    );
    const [first] = await records();
    expect(first?.provider_message_id).toBe(failed.provider_message_id);

    // The second attempt stays at the provider for a while; the first attempt's late callback
    // (a carrier receipt Twilio sends to the URL the first attempt gave) arrives meanwhile.
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'twilio',
      mode: 'latency',
      latency_ms: RETRY_LATENCY_MS,
    });
    expect((await api(gateway, 'POST', `/api/v1/messages/${id}/retry`)).status).toBe(202);
    const lateUrl = first!.status_callback!;
    const late = {
      MessageSid: first!.provider_message_id,
      AccountSid: 'AC1',
      From: OUR_NUMBER,
      To: FAILS,
      MessageStatus: 'delivered',
    };
    const answer = await fetch(lateUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(TWILIO_TOKEN, lateUrl, late),
      },
      body: new URLSearchParams(late).toString(),
    });
    expect(answer.status).toBe(200);
    const lateEvent = await eventually(
      async () =>
        (await api<MessageEventList>(gateway, 'GET', `/api/v1/messages/${id}/events`)).body.data,
      (events) => events.some((e) => e.status === 'delivered'),
      { what: 'the late callback recorded', timeoutMs: 30_000 },
    );
    expect(lateEvent.find((e) => e.status === 'delivered')).toMatchObject({
      provider_message_id: first!.provider_message_id,
      applied: false,
    });
    expect((await get(id)).status).not.toBe('delivered');
    await api(sandbox, 'POST', '/sandbox/faults', { provider: 'twilio', mode: 'none' });

    // The second attempt's own callbacks apply: it failed too, under its own provider id.
    const second = await eventually(records, (r) => r.length === 2, {
      what: 'the second attempt at the provider',
      timeoutMs: 60_000,
    });
    const retried = await eventually(
      () => get(id),
      (m) => m.status === 'failed' && m.provider_message_id === second[1]!.provider_message_id,
      { what: 'the second attempt failed under its own provider id', timeoutMs: 60_000 },
    );
    expect(retried).toMatchObject({ status: 'failed', error_code: '30008' });
    expect(second[1]!.provider_message_id).not.toBe(first!.provider_message_id);
  }, 240_000);

  it('applies SendGrid events of the current attempt only', async () => {
    const to = `retry-${Date.now()}@example.com`;
    // The first attempt is refused for good by the provider: the message fails.
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'sendgrid',
      mode: 'error',
      status: 400,
    });
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'team@switchboard.test',
      to,
      subject: 'Retried',
      body: '<p>second time lucky</p>',
    });
    expect(accepted.status).toBe(201);
    const id = accepted.body.id;
    await eventually(
      () => get(id),
      (m) => m.status === 'failed',
      { what: 'the first attempt failed', timeoutMs: 60_000 },
    );

    // The retry waits at the provider while an event of the first attempt arrives late.
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'sendgrid',
      mode: 'latency',
      latency_ms: RETRY_LATENCY_MS,
    });
    expect((await api(gateway, 'POST', `/api/v1/messages/${id}/retry`)).status).toBe(202);
    const late = JSON.stringify([
      {
        event: 'dropped',
        sg_event_id: `late-${id}`,
        sg_message_id: 'first-attempt.filter0001',
        email: to,
        timestamp: Math.floor(Date.now() / 1000),
        reason: 'Bounced Address',
        [SENDGRID_MESSAGE_ID_ARG]: id,
        [SENDGRID_GENERATION_ARG]: '0',
      },
    ]);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await fetch(`${gateway}/api/v1/webhooks/sendgrid`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SENDGRID_TIMESTAMP_HEADER]: timestamp,
        [SENDGRID_SIGNATURE_HEADER]: signSendGridPayload(
          SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey,
          late,
          timestamp,
        ),
      },
      body: late,
    });
    expect(answer.status).toBe(204);
    const events = await eventually(
      () => eventsOf(id),
      (list) => list.some((e) => e.id === `sendgrid:late-${id}`),
      { what: 'the late event recorded', timeoutMs: 30_000 },
    );
    expect(events.find((e) => e.id === `sendgrid:late-${id}`)).toMatchObject({
      status: 'failed',
      applied: false,
    });
    await api(sandbox, 'POST', '/sandbox/faults', { provider: 'sendgrid', mode: 'none' });

    // The retry carries its generation to SendGrid, and its own events apply.
    const [mail] = await eventually(
      async () => (await sandboxMessages(sandbox, { to })) as SendGridRecord[],
      (r) => r.length === 1,
      { what: 'the retried mail at the provider', timeoutMs: 60_000 },
    );
    expect(mail?.custom_args).toMatchObject({
      [SENDGRID_MESSAGE_ID_ARG]: id,
      [SENDGRID_GENERATION_ARG]: '1',
    });
    await eventually(
      () => get(id),
      (m) => m.status === 'delivered',
      { what: 'the retried mail delivered', timeoutMs: 60_000 },
    );
  }, 240_000);
});
