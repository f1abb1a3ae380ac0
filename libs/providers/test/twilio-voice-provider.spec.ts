// The Twilio voice adapter through the real `twilio` SDK against provider-sandbox over HTTP.
import { ProviderError } from '../src/provider-error';
import { createTwilioClient } from '../src/twilio/twilio-client';
import { verifyTwilioSignature } from '../src/twilio/twilio-signature';
import { createTwilioVoiceProvider } from '../src/twilio/twilio-voice-provider';
import type { OutboundCall, VoiceContent } from '../src/voice-provider';
import { voiceTwiml } from '../src/voice/voice-twiml';
import {
  SANDBOX_CREDENTIALS,
  startVoiceEndpoints,
  startVoiceSandbox,
  type EndpointRequest,
  type VoiceEndpoints,
  type VoiceSandbox,
} from './voice-sandbox';

const TO = '+15551230001';
const SPEECH: VoiceContent = {
  kind: 'speech',
  text: 'Your table is ready',
  voice: 'alice',
  language: 'en-US',
};

let sandbox: VoiceSandbox;
let endpoints: VoiceEndpoints;
/** What our instructions endpoint renders, by message id. */
const contents = new Map<string, OutboundCall>();

beforeAll(async () => {
  endpoints = await startVoiceEndpoints((request) => {
    if (!request.path.startsWith('/instructions')) return undefined;
    const call = contents.get(new URL(request.path, endpoints.origin).searchParams.get('id')!)!;
    return voiceTwiml(call.content, {
      answeredBy: request.form.AnsweredBy,
      ...(call.voicemail ? { onHuman: call.voicemail.onHuman } : {}),
    });
  });
  sandbox = await startVoiceSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
  await endpoints?.stop();
});
beforeEach(async () => {
  await sandbox.reset();
  endpoints.received.length = 0;
});

const provider = (timeoutMs = 2_000) =>
  createTwilioVoiceProvider(
    createTwilioClient({
      accountSid: SANDBOX_CREDENTIALS.twilioAccountSid,
      authToken: SANDBOX_CREDENTIALS.twilioAuthToken,
      baseUrl: sandbox.url,
      timeoutMs,
    }),
  );

function call(overrides: Partial<OutboundCall> = {}): OutboundCall {
  return {
    messageId: 'msg-1',
    from: '+15559870000',
    to: TO,
    content: SPEECH,
    statusCallbackUrl: `${endpoints.origin}/status?message_id=msg-1`,
    ...overrides,
  };
}

const signed = (request: EndpointRequest) =>
  verifyTwilioSignature(
    SANDBOX_CREDENTIALS.twilioAuthToken,
    String(request.headers['x-twilio-signature']),
    `${endpoints.origin}${request.path}`,
    request.form,
  );

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('createTwilioVoiceProvider', () => {
  it('places a call a person answers: the text is spoken, every progress event reported', async () => {
    const result = await provider().send(call());
    expect(result).toEqual({
      provider: 'twilio',
      providerMessageId: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      providerStatus: 'queued',
    });
    const placed = await sandbox.ended(result.providerMessageId, 4);
    expect(placed).toMatchObject({
      answered_by: null,
      machine_detection: null,
      heard: [{ verb: 'say', text: 'Your table is ready', voice: 'alice' }],
    });
    const callbacks = await endpoints.waitFor('/status', 4);
    expect(callbacks.map((c) => c.form.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(callbacks.every(signed)).toBe(true);
  });

  it('finds the calls it placed since a time, by their numbers, for a dispatch that lost track of one', async () => {
    const since = new Date();
    const voice = provider();
    const placed = await voice.send(call());
    const other = await voice.send(call({ from: '+15559870099' }));
    expect(voice.findSent).toBeDefined();
    expect(await voice.findSent!({ from: call().from, to: call().to, since })).toEqual([
      {
        provider: 'twilio',
        providerMessageId: placed.providerMessageId,
        providerStatus: expect.any(String),
      },
    ]);
    expect(other.providerMessageId).not.toBe(placed.providerMessageId);
    expect(
      await voice.findSent!({
        from: call().from,
        to: call().to,
        since: new Date(Date.now() + 60_000),
      }),
    ).toEqual([]);
  });

  it('plays an audio file', async () => {
    const audio = { kind: 'audio', url: 'https://cdn.test/notice.mp3' } as const;
    const result = await provider().send(call({ content: audio }));
    expect((await sandbox.ended(result.providerMessageId)).heard).toEqual([
      { verb: 'play', at: 0, url: 'https://cdn.test/notice.mp3' },
    ]);
  });

  it('leaves a voicemail drop after the beep of a machine, with AnsweredBy reported', async () => {
    await sandbox.setAnswer(TO, 'machine');
    const result = await provider().send(call({ voicemail: { onHuman: 'play' } }));
    const placed = await sandbox.ended(result.providerMessageId, 4);
    expect(placed).toMatchObject({
      machine_detection: 'DetectMessageEnd',
      answered_by: 'machine_end_beep',
      voicemail: { content_after_beep: true },
    });
    const completed = (await endpoints.waitFor('/status', 4))[3]!;
    expect(completed.form).toMatchObject({
      CallStatus: 'completed',
      AnsweredBy: 'machine_end_beep',
    });
  });

  it('hangs up on a person when asked to, through the instructions URL', async () => {
    const drop = call({
      voicemail: { onHuman: 'hangup' },
      instructionsUrl: `${endpoints.origin}/instructions?id=msg-1`,
    });
    contents.set('msg-1', drop);
    const person = await provider().send(drop);
    expect(await sandbox.ended(person.providerMessageId)).toMatchObject({
      answered_by: 'human',
      heard: [{ verb: 'hangup' }],
    });
    await sandbox.setAnswer(TO, 'machine');
    const machine = await provider().send(drop);
    expect(await sandbox.ended(machine.providerMessageId)).toMatchObject({
      answered_by: 'machine_end_beep',
      voicemail: { content_after_beep: true },
      heard: [{ verb: 'say', text: 'Your table is ready' }],
    });
    expect(endpoints.to('/instructions').every(signed)).toBe(true);
  });

  it('refuses, permanently and without calling, a hang-up-on-people drop with no instructions URL', async () => {
    const err = await failure(provider().send(call({ voicemail: { onHuman: 'hangup' } })));
    expect(err).toMatchObject({ retryable: false, details: { code: 'instructions_url_required' } });
    expect(await sandbox.calls()).toEqual([]);
  });

  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
  ] as const)(
    'is accepted when the line is %s; the final callback says so',
    async (answer, status) => {
      await sandbox.setAnswer(TO, answer);
      const result = await provider().send(call());
      expect(result.providerStatus).toBe('queued');
      expect((await sandbox.ended(result.providerMessageId, 3)).status).toBe(status);
      const callbacks = await endpoints.waitFor('/status', 3);
      expect(callbacks.map((c) => c.form.CallStatus)).toEqual(['initiated', 'ringing', status]);
    },
  );

  it('classifies 5xx and 429 (with Retry-After) as retryable, other 4xx as permanent', async () => {
    await sandbox.fault({ provider: 'twilio', mode: 'error', status: 500, times: 1 });
    expect(await failure(provider().send(call()))).toMatchObject({
      provider: 'twilio',
      retryable: true,
      details: { httpStatus: 500, code: '20500' },
    });
    await sandbox.fault({ provider: 'twilio', mode: 'rate_limit', times: 1 });
    expect(await failure(provider().send(call()))).toMatchObject({
      retryable: true,
      details: { httpStatus: 429, retryAfterMs: 1000 },
    });
    await sandbox.fault({ provider: 'twilio', mode: 'error', status: 400, times: 1 });
    expect(await failure(provider().send(call()))).toMatchObject({
      retryable: false,
      details: { httpStatus: 400, code: '21211' },
    });
    expect(await sandbox.calls()).toEqual([]);
  });

  it('classifies no answer in time, or none at all, as retryable', async () => {
    await sandbox.fault({ provider: 'twilio', mode: 'timeout', times: 1 });
    expect((await failure(provider(300).send(call()))).retryable).toBe(true);
    const refused = createTwilioVoiceProvider(
      createTwilioClient({
        accountSid: SANDBOX_CREDENTIALS.twilioAccountSid,
        authToken: SANDBOX_CREDENTIALS.twilioAuthToken,
        baseUrl: 'http://127.0.0.1:9',
        timeoutMs: 300,
      }),
    );
    expect((await failure(refused.send(call()))).retryable).toBe(true);
  });

  it('classifies a wrong token as permanent', async () => {
    const forged = createTwilioVoiceProvider(
      createTwilioClient({
        accountSid: SANDBOX_CREDENTIALS.twilioAccountSid,
        authToken: 'wrong',
        baseUrl: sandbox.url,
      }),
    );
    expect(await failure(forged.send(call()))).toMatchObject({
      retryable: false,
      details: { httpStatus: 401, code: '20003' },
    });
  });
});
