// Twilio's Calls API through the real SDK: the call's progress, what the called party heard,
// answering-machine detection and signed status callbacks.
import { verifyTwilioSignature } from '@switchboard/providers';
import { twilioClient } from './sdk-clients';
import { startTestSandbox, type TestSandbox } from './start-sandbox';
import { endedCall, listCalls, resetVoice, setAnswer } from './voice-client';
import { startVoiceServer, type VoiceRequest, type VoiceServer } from './voice-server';

const FROM = '+15559870000';
const TO = '+15551230001';
const STATUS = '/api/v1/webhooks/twilio/voice/status';
const ANSWER = '/api/v1/webhooks/twilio/voice/answer';
const SAY = '<Response><Say voice="alice" language="en-US">Your table is ready</Say></Response>';
const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

let server: VoiceServer;
let sandbox: TestSandbox;
/** What the answer URL serves next, by the AnsweredBy it is asked with. */
let answerFor: (answeredBy: string | undefined) => string;

beforeAll(async () => {
  server = await startVoiceServer((request) =>
    request.path.startsWith(ANSWER) ? answerFor(request.form.AnsweredBy) : undefined,
  );
  sandbox = await startTestSandbox({
    SANDBOX_CALLBACKS: 'true',
    SANDBOX_CALL_STEP_MS: '2',
    SANDBOX_CALLBACK_RETRY_MS: '10',
    SANDBOX_CALLBACK_TIMEOUT_MS: '10000',
  });
});
afterAll(async () => {
  await sandbox.stop();
  await server.stop();
});
beforeEach(async () => {
  await resetVoice(sandbox);
  await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  server.received.length = 0;
  answerFor = () => SAY;
});

const twilio = () => twilioClient(sandbox);

function signedByTwilio(request: VoiceRequest): boolean {
  const url = `${server.origin}${request.path}`;
  const params = request.method === 'GET' ? {} : request.form;
  return verifyTwilioSignature(
    sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
    String(request.headers['x-twilio-signature']),
    url,
    params,
  );
}

describe('placing a call', () => {
  it('speaks inline TwiML to a person and reports every progress event, signed and in order', async () => {
    const created = await twilio().calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      statusCallback: `${server.origin}${STATUS}?message_id=m1`,
      statusCallbackEvent: ALL_EVENTS,
    });
    expect(created).toMatchObject({
      status: 'queued',
      to: TO,
      from: FROM,
      direction: 'outbound-api',
    });
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);

    const callbacks = await server.waitFor(STATUS, 4);
    expect(callbacks.map((c) => c.form.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(callbacks.map((c) => c.form.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    for (const callback of callbacks) {
      expect(signedByTwilio(callback)).toBe(true);
      expect(callback.form).toMatchObject({
        CallSid: created.sid,
        AccountSid: sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
        From: FROM,
        To: TO,
        Direction: 'outbound-api',
        CallbackSource: 'call-progress-events',
        ApiVersion: '2010-04-01',
      });
    }
    // A sentence of four words takes two seconds to say.
    expect(callbacks[3]!.form).toMatchObject({ CallDuration: '2', SipResponseCode: '200' });
    expect(callbacks[3]!.form.AnsweredBy).toBeUndefined();

    const call = await endedCall(sandbox, created.sid, 4);
    expect(call).toMatchObject({
      provider: 'twilio',
      answer: 'human',
      status: 'completed',
      duration_seconds: 2,
      voicemail: null,
      heard: [
        { verb: 'say', at: 0, text: 'Your table is ready', voice: 'alice', language: 'en-US' },
      ],
    });
    expect(call.callbacks.map((c) => [c.status, c.http_status])).toEqual([
      ['initiated', 200],
      ['ringing', 200],
      ['in-progress', 200],
      ['completed', 200],
    ]);
    const fetched = await twilio().calls(created.sid).fetch();
    expect(fetched).toMatchObject({ status: 'completed', duration: '2', answeredBy: null });
    expect(fetched.startTime).toBeInstanceOf(Date);
  });

  it('reports only the final status when no events are named, as Twilio does', async () => {
    const created = await twilio().calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      statusCallback: `${server.origin}${STATUS}`,
    });
    await endedCall(sandbox, created.sid, 1);
    expect(server.to(STATUS).map((c) => c.form.CallStatus)).toEqual(['completed']);
  });

  it.each([
    ['busy', 'busy', '486'],
    ['no-answer', 'no-answer', '487'],
    ['fail', 'failed', '503'],
  ] as const)('ends a call answered %s as %s, without an answer', async (answer, status, sip) => {
    await setAnswer(sandbox, TO, answer);
    const created = await twilio().calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      statusCallback: `${server.origin}${STATUS}`,
      statusCallbackEvent: ALL_EVENTS,
    });
    const call = await endedCall(sandbox, created.sid, 3);
    expect(call).toMatchObject({ status, heard: [], duration_seconds: 0, answered_at: null });
    expect(server.to(STATUS).map((c) => c.form.CallStatus)).toEqual([
      'initiated',
      'ringing',
      status,
    ]);
    expect(server.to(STATUS)[2]!.form).toMatchObject({ CallDuration: '0', SipResponseCode: sip });
    expect((await twilio().calls(created.sid).fetch()).status).toBe(status);
  });
});

describe('instructions that cannot be followed', () => {
  it('ends the call with 11200 when the instruction URL fails', async () => {
    const failing = await startVoiceServer(() => ({ status: 500 }));
    try {
      const created = await twilio().calls.create({
        from: FROM,
        to: TO,
        url: `${failing.origin}/x`,
      });
      const call = await endedCall(sandbox, created.sid);
      expect(call).toMatchObject({ status: 'completed', heard: [] });
      expect(call.error).toMatch(/^11200: .*500/);
    } finally {
      await failing.stop();
    }
  });

  it('ends the call with 12100 on a document that is not TwiML', async () => {
    const created = await twilio().calls.create({ from: FROM, to: TO, twiml: '<Response><Say>' });
    expect((await endedCall(sandbox, created.sid)).error).toMatch(/^12100: /);
  });
});

describe('the API refuses as Twilio does', () => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: { status: number; code: number }) => ({ status: err.status, code: err.code }),
    );

  it('a wrong token (20003), no instructions (21205), inline TwiML too long (32018)', async () => {
    const forged = twilioClient(sandbox, { authToken: 'wrong' });
    expect(await refusal(forged.calls.create({ from: FROM, to: TO, twiml: SAY }))).toEqual({
      status: 401,
      code: 20003,
    });
    expect(await refusal(twilio().calls.create({ from: FROM, to: TO }))).toEqual({
      status: 400,
      code: 21205,
    });
    const long = `<Response><Say>${'a'.repeat(4000)}</Say></Response>`;
    expect(await refusal(twilio().calls.create({ from: FROM, to: TO, twiml: long }))).toEqual({
      status: 400,
      code: 32018,
    });
    expect(await refusal(twilio().calls('CA0000').fetch())).toEqual({ status: 404, code: 20404 });
    expect(await listCalls(sandbox)).toEqual([]);
  });

  it('applies injected faults to the Calls API, by recipient too', async () => {
    await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'twilio', mode: 'error', status: 503, to: TO, times: 1 }),
    });
    expect(await refusal(twilio().calls.create({ from: FROM, to: TO, twiml: SAY }))).toEqual({
      status: 503,
      code: 20503,
    });
    const placed = await twilio().calls.create({ from: FROM, to: TO, twiml: SAY });
    expect(placed.status).toBe('queued');
    expect((await listCalls(sandbox)).map((c) => c.sid)).toEqual([placed.sid]);
  });
});

describe('hanging up through the API', () => {
  let slow: TestSandbox;
  beforeAll(async () => {
    // Slow enough to be caught ringing or talking on a busy machine: steps of a second (answered
    // after three), a second of call in 50 ms.
    slow = await startTestSandbox({
      SANDBOX_CALLBACKS: 'true',
      SANDBOX_CALL_STEP_MS: '1000',
      SANDBOX_CALL_TIME_SCALE_MS: '50',
    });
  });
  afterAll(() => slow.stop());

  it('cancels a call not answered yet, which ends canceled', async () => {
    const client = twilioClient(slow);
    const created = await client.calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      statusCallback: `${server.origin}${STATUS}`,
      statusCallbackEvent: ALL_EVENTS,
    });
    const updated = await client.calls(created.sid).update({ status: 'canceled' });
    expect(updated.sid).toBe(created.sid);
    const call = await endedCall(slow, created.sid, 1);
    expect(call).toMatchObject({ status: 'canceled', heard: [], duration_seconds: 0 });
    expect(server.to(STATUS).at(-1)!.form).toMatchObject({
      CallStatus: 'canceled',
      CallDuration: '0',
    });
  });

  it('hangs up a call in progress: what was left of its instructions never plays', async () => {
    const client = twilioClient(slow);
    const created = await client.calls.create({
      from: FROM,
      to: TO,
      twiml: '<Response><Say>Hello</Say><Pause length="60"/><Say>never heard</Say></Response>',
      statusCallback: `${server.origin}${STATUS}`,
      statusCallbackEvent: ['answered', 'completed'],
    });
    await server.waitFor(STATUS, 1);
    // Canceling an answered call does nothing; completing it hangs up.
    await client.calls(created.sid).update({ status: 'canceled' });
    await client.calls(created.sid).update({ status: 'completed' });
    const call = await endedCall(slow, created.sid, 2);
    expect(call.status).toBe('completed');
    expect(call.heard.map((item) => item.verb)).not.toContain('hangup');
    expect(call.heard.some((item) => item.verb === 'say' && item.text === 'never heard')).toBe(
      false,
    );
  });
});
