// The Telnyx voice adapter (TeXML) through the real `telnyx` SDK against provider-sandbox.
import { SANDBOX_TELNYX_WEBHOOK_KEYS } from '@switchboard/config';
import { ProviderError } from '../src/provider-error';
import { createTelnyxClient } from '../src/telnyx/telnyx-client';
import { verifyTelnyxWebhook } from '../src/telnyx/telnyx-signature';
import { createTelnyxVoiceProvider } from '../src/telnyx/telnyx-voice-provider';
import type { OutboundCall } from '../src/voice-provider';
import { voiceTwiml } from '../src/voice/voice-twiml';
import {
  SANDBOX_CREDENTIALS,
  startVoiceEndpoints,
  startVoiceSandbox,
  type VoiceEndpoints,
  type VoiceSandbox,
} from './voice-sandbox';

const ACCOUNT = 'a1b2c3d4-0000-4000-8000-000000000001';
const TO = '+15551230001';

let sandbox: VoiceSandbox;
let endpoints: VoiceEndpoints;

beforeAll(async () => {
  endpoints = await startVoiceEndpoints((request) =>
    request.path.startsWith('/instructions')
      ? voiceTwiml(
          { kind: 'speech', text: 'Your table is ready' },
          { answeredBy: request.form.AnsweredBy, onHuman: 'hangup' },
        )
      : undefined,
  );
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

const provider = (apiKey: string = SANDBOX_CREDENTIALS.telnyxApiKey) =>
  createTelnyxVoiceProvider(
    createTelnyxClient({ apiKey, baseUrl: sandbox.url, timeoutMs: 2_000 }),
    { accountSid: ACCOUNT, applicationSid: 'texml-app-1' },
  );

const call = (overrides: Partial<OutboundCall> = {}): OutboundCall => ({
  messageId: 'msg-1',
  from: '+15559870000',
  to: TO,
  content: { kind: 'speech', text: 'Your table is ready' },
  statusCallbackUrl: `${endpoints.origin}/status?message_id=msg-1`,
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('createTelnyxVoiceProvider', () => {
  it('finds the calls it placed since a time, by their numbers, for a dispatch that lost track of one', async () => {
    const since = new Date();
    const voice = provider();
    const placed = await voice.send(call());
    await voice.send(call({ from: '+15559870099' }));
    expect(voice.findSent).toBeDefined();
    expect(await voice.findSent!({ from: call().from, to: TO, since })).toEqual([
      {
        provider: 'telnyx',
        providerMessageId: placed.providerMessageId,
        providerStatus: expect.any(String),
      },
    ]);
    const elsewhere = createTelnyxVoiceProvider(
      createTelnyxClient({ apiKey: SANDBOX_CREDENTIALS.telnyxApiKey, baseUrl: sandbox.url }),
      { accountSid: 'a1b2c3d4-0000-4000-8000-000000000002' },
    );
    expect(await elsewhere.findSent!({ from: call().from, to: TO, since })).toEqual([]);
  });

  it('places a call a person answers and reports its progress, signed by Telnyx', async () => {
    const result = await provider().send(call());
    expect(result).toEqual({
      provider: 'telnyx',
      providerMessageId: expect.stringMatching(/^v3:/),
      providerStatus: 'queued',
    });
    expect(await sandbox.ended(result.providerMessageId, 4)).toMatchObject({
      provider: 'telnyx',
      heard: [{ verb: 'say', text: 'Your table is ready' }],
    });
    const callbacks = await endpoints.waitFor('/status', 4);
    expect(callbacks.map((c) => c.form.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    for (const callback of callbacks) {
      expect(callback.form.ConnectionId).toBe('texml-app-1');
      expect(
        await verifyTelnyxWebhook(
          SANDBOX_TELNYX_WEBHOOK_KEYS.publicKey,
          callback.headers,
          callback.raw,
        ),
      ).toBe(true);
    }
  });

  it('leaves a voicemail drop after the beep, and hangs up on a person through the instructions URL', async () => {
    await sandbox.setAnswer(TO, 'machine');
    const drop = await provider().send(call({ voicemail: { onHuman: 'play' } }));
    expect(await sandbox.ended(drop.providerMessageId)).toMatchObject({
      answered_by: 'machine_end_beep',
      voicemail: { content_after_beep: true },
    });

    await sandbox.setAnswer(TO, 'human');
    const person = await provider().send(
      call({
        voicemail: { onHuman: 'hangup' },
        instructionsUrl: `${endpoints.origin}/instructions?message_id=msg-1`,
      }),
    );
    expect(await sandbox.ended(person.providerMessageId)).toMatchObject({
      answered_by: 'human',
      heard: [{ verb: 'hangup' }],
    });
  });

  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
  ] as const)(
    'is accepted when the line is %s; the final callback says so',
    async (answer, status) => {
      await sandbox.setAnswer(TO, answer);
      const result = await provider().send(call());
      expect((await sandbox.ended(result.providerMessageId, 3)).status).toBe(status);
      expect((await endpoints.waitFor('/status', 3))[2]!.form.CallStatus).toBe(status);
    },
  );

  it('classifies 5xx and 429 (with Retry-After) as retryable, other 4xx as permanent', async () => {
    await sandbox.fault({ provider: 'telnyx', mode: 'error', status: 503, times: 1 });
    expect(await failure(provider().send(call()))).toMatchObject({
      provider: 'telnyx',
      retryable: true,
      details: { httpStatus: 503, code: '10007' },
    });
    await sandbox.fault({ provider: 'telnyx', mode: 'rate_limit', times: 1 });
    expect(await failure(provider().send(call()))).toMatchObject({
      retryable: true,
      details: { httpStatus: 429, code: '10011', retryAfterMs: 1000 },
    });
    await sandbox.fault({ provider: 'telnyx', mode: 'error', status: 422, times: 1 });
    expect(await failure(provider().send(call()))).toMatchObject({
      retryable: false,
      details: { httpStatus: 422, code: '40310' },
    });
    expect(await failure(provider('KEYwrong').send(call()))).toMatchObject({
      retryable: false,
      details: { httpStatus: 401, code: '10009' },
    });
    expect(await sandbox.calls()).toEqual([]);
  });

  it('classifies no answer at all as retryable', async () => {
    const refused = createTelnyxVoiceProvider(
      createTelnyxClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 }),
      { accountSid: ACCOUNT },
    );
    expect((await failure(refused.send(call()))).retryable).toBe(true);
  });
});
