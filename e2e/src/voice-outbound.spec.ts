import type { MessageEventList, MessageResource } from '@switchboard/contracts';
import { signTwilioRequest } from '@switchboard/providers';
import { eventually, startStack, type Stack } from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

/** What provider-sandbox recorded of a call (`GET /sandbox/calls`). */
interface SandboxCall {
  provider: string;
  to: string;
  status: string;
  answered_by: string | null;
  heard: { verb: string; text?: string; url?: string }[];
  voicemail?: { content_after_beep: boolean } | null;
}

const FROM = '+15551234567';

/** Calls through the real Twilio and Telnyx SDKs against provider-sandbox, end to end. */
describe('outbound calls and voicemail drops', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    stack = await startStack({
      only: [
        'provider-sandbox',
        'conversation-service',
        'webhook-ingest',
        'voice-dispatcher',
        'gateway',
      ],
      env: { CIRCUIT_RESET_MS: '4000', DISPATCH_RETRY_BASE_MS: '100' },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });
  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults');
    await stack?.stop();
  });

  const answer = (number: string, who: string) =>
    api(sandbox, 'POST', '/sandbox/voice', { number, answer: who });
  const send = async (body: Record<string, unknown>) => {
    const res = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: FROM,
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const final = (id: string) =>
    eventually(
      async () => (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body,
      (m) => ['delivered', 'failed', 'undelivered'].includes(m.status),
      { what: 'the call settled', timeoutMs: 30_000 },
    );
  const callsTo = async (to: string) =>
    (
      await api<SandboxCall[] | { data: SandboxCall[] }>(
        sandbox,
        'GET',
        `/sandbox/calls?to=${encodeURIComponent(to)}`,
      )
    ).body;
  const listOf = (calls: SandboxCall[] | { data: SandboxCall[] }) =>
    Array.isArray(calls) ? calls : calls.data;

  it('delivers a call a person answered, with the text spoken and every call status kept', async () => {
    const to = uniquePhone();
    const sent = await send({
      to,
      type: 'voice',
      body: 'Your table is ready',
      voice: { language: 'en-US', voice: 'alice' },
    });
    const done = await final(sent.id);
    expect(done).toMatchObject({
      status: 'delivered',
      provider: 'twilio',
      provider_message_id: expect.stringMatching(/^CA/),
      duration_seconds: expect.any(Number),
    });
    const [call, ...others] = listOf(await callsTo(to));
    expect(others).toEqual([]);
    expect(call).toMatchObject({ provider: 'twilio', status: 'completed' });
    expect(call!.heard).toEqual([
      expect.objectContaining({ verb: 'say', text: 'Your table is ready' }),
    ]);
    const events = (
      await api<MessageEventList>(gateway, 'GET', `/api/v1/messages/${sent.id}/events`)
    ).body.data;
    expect(events.map((e) => e.provider_status).filter(Boolean)).toEqual(
      expect.arrayContaining(['initiated', 'ringing', 'in-progress', 'completed']),
    );
  });

  it('leaves a voicemail drop after the beep of a machine, delivered, with who answered', async () => {
    const to = uniquePhone();
    await answer(to, 'machine');
    const sent = await send({ to, type: 'voicemail', body: 'Your order is ready for pickup' });
    const done = await final(sent.id);
    expect(done).toMatchObject({
      status: 'delivered',
      answered_by: expect.stringMatching(/^machine/),
    });
    const [call] = listOf(await callsTo(to));
    expect(call).toMatchObject({ voicemail: { content_after_beep: true } });
  });

  it('hangs up on a person when a voicemail drop says so, and fails it; leaves it on a machine', async () => {
    const person = uniquePhone();
    const dropped = await send({
      to: person,
      type: 'voicemail',
      body: 'For your machine only',
      voice: { on_human: 'hangup' },
    });
    expect(await final(dropped.id)).toMatchObject({
      status: 'failed',
      error_code: 'answered_by_human',
      answered_by: 'human',
    });
    expect(listOf(await callsTo(person))[0]!.heard).toEqual([
      expect.objectContaining({ verb: 'hangup' }),
    ]);

    const machine = uniquePhone();
    await answer(machine, 'machine');
    const left = await send({
      to: machine,
      type: 'voicemail',
      body: 'For your machine only',
      voice: { on_human: 'hangup' },
    });
    expect(await final(left.id)).toMatchObject({ status: 'delivered' });
    expect(listOf(await callsTo(machine))[0]).toMatchObject({
      voicemail: { content_after_beep: true },
      heard: [expect.objectContaining({ verb: 'say', text: 'For your machine only' })],
    });
  });

  it.each(['busy', 'no-answer'])(
    'fails a call when the line is %s, with that reason',
    async (who) => {
      const to = uniquePhone();
      await answer(to, who);
      const sent = await send({ to, type: 'voice', body: 'Hello' });
      expect(await final(sent.id)).toMatchObject({ status: 'failed', error_code: who });
    },
  );

  it('places the call once through Telnyx TeXML while Twilio answers 500, and delivers it on the Telnyx callbacks', async () => {
    const to = uniquePhone();
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'twilio',
      mode: 'error',
      status: 500,
      to,
    });
    try {
      const sent = await send({ to, type: 'voice', body: 'Failover call' });
      const moved = await final(sent.id);
      expect(moved).toMatchObject({ status: 'delivered', provider: 'telnyx' });
      expect(moved.provider_message_id).toMatch(/^v3:/);
      // Give any second placement time to show up: there must be none.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(listOf(await callsTo(to)).map((c) => c.provider)).toEqual(['telnyx']);
    } finally {
      await api(sandbox, 'DELETE', '/sandbox/faults');
    }
  });

  it('refuses a forged or unsigned call status callback', async () => {
    const url = `${gateway}/api/v1/webhooks/twilio/calls/status`;
    const form = { CallSid: `CA${'0'.repeat(32)}`, CallStatus: 'completed' };
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      });
    expect((await post({})).status).toBe(400);
    const forged = signTwilioRequest('not-the-auth-token', url, form);
    expect((await post({ 'x-twilio-signature': forged })).status).toBe(403);
  });

  it('refuses an unsigned or forged Telnyx TeXML call callback', async () => {
    const body = new URLSearchParams({ CallSid: 'v3:forged', CallStatus: 'completed' }).toString();
    const post = (headers: Record<string, string>) =>
      fetch(`${gateway}/api/v1/webhooks/telnyx/calls/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    expect((await post({})).status).toBe(400);
    const forged = {
      'telnyx-signature-ed25519': Buffer.alloc(64, 1).toString('base64'),
      'telnyx-timestamp': String(Math.floor(Date.now() / 1000)),
    };
    expect((await post(forged)).status).toBe(403);
  });
});
