// Telnyx's TeXML Calls API through the real SDK: TwiML-compatible calls, callbacks signed with
// Ed25519 as Telnyx signs them.
import { AuthenticationError, InternalServerError } from 'telnyx';
import { SANDBOX_TELNYX_WEBHOOK_KEYS } from '@switchboard/config';
import { verifyTelnyxWebhook } from '@switchboard/providers';
import { telnyxClient } from './sdk-clients';
import { startTestSandbox, type TestSandbox } from './start-sandbox';
import { endedCall, listCalls, resetVoice, setAnswer } from './voice-client';
import { startVoiceServer, type VoiceRequest, type VoiceServer } from './voice-server';

const ACCOUNT = 'a1b2c3d4-0000-4000-8000-000000000001';
const FROM = '+15559870000';
const TO = '+15551230001';
const SAY = '<Response><Say>Your table is ready</Say></Response>';

let server: VoiceServer;
let sandbox: TestSandbox;

beforeAll(async () => {
  server = await startVoiceServer((request) =>
    request.path.startsWith('/texml') ? SAY : undefined,
  );
  sandbox = await startTestSandbox({ SANDBOX_CALLBACKS: 'true', SANDBOX_CALL_STEP_MS: '2' });
});
afterAll(async () => {
  await sandbox.stop();
  await server.stop();
});
beforeEach(async () => {
  await resetVoice(sandbox);
  await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  server.received.length = 0;
});

const telnyx = () => telnyxClient(sandbox);
const signedByTelnyx = (request: VoiceRequest) =>
  verifyTelnyxWebhook(SANDBOX_TELNYX_WEBHOOK_KEYS.publicKey, request.headers, request.raw);

describe('TeXML calls', () => {
  it('places a call that speaks inline TeXML and reports its progress, signed with Ed25519', async () => {
    const created = (await telnyx().texml.accounts.calls.calls(ACCOUNT, {
      body: {
        ApplicationSid: 'app-1',
        From: FROM,
        To: TO,
        Texml: SAY,
        StatusCallback: `${server.origin}/status?message_id=m1`,
        StatusCallbackEvent: 'initiated ringing answered completed',
      },
    })) as { call_sid?: string; status?: string };
    expect(created.status).toBe('queued');
    expect(created.call_sid).toMatch(/^v3:[\w-]{40}$/);

    const callbacks = await server.waitFor('/status', 4);
    expect(callbacks.map((c) => c.form.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    for (const callback of callbacks) {
      expect(await signedByTelnyx(callback)).toBe(true);
      expect(callback.form).toMatchObject({
        AccountSid: ACCOUNT,
        CallSid: created.call_sid,
        ConnectionId: 'app-1',
        From: FROM,
        To: TO,
        Direction: 'outbound',
      });
    }
    expect(callbacks[3]!.form.CallDuration).toBe('2');
    const tampered = { ...callbacks[0]!, raw: callbacks[0]!.raw.replace('initiated', 'completed') };
    expect(await signedByTelnyx(tampered)).toBe(false);

    const call = await endedCall(sandbox, created.call_sid!, 4);
    expect(call).toMatchObject({
      provider: 'telnyx',
      application_sid: 'app-1',
      heard: [{ verb: 'say', text: 'Your table is ready' }],
    });
    const fetched = await telnyx().texml.accounts.calls.retrieve(created.call_sid!, {
      account_sid: ACCOUNT,
    });
    expect(fetched).toMatchObject({ sid: created.call_sid, status: 'completed', duration: '2' });
  });

  it('leaves a voicemail drop after the beep, fetching TeXML from a URL it signs', async () => {
    await setAnswer(sandbox, TO, 'machine');
    const created = (await telnyx().texml.accounts.calls.calls(ACCOUNT, {
      body: {
        From: FROM,
        To: TO,
        Url: `${server.origin}/texml?message_id=m2`,
        MachineDetection: 'DetectMessageEnd',
      },
    })) as { call_sid: string };
    const call = await endedCall(sandbox, created.call_sid);
    expect(call).toMatchObject({
      answered_by: 'machine_end_beep',
      voicemail: { content_after_beep: true },
    });
    const [request] = server.to('/texml');
    expect(request!.form).toMatchObject({
      AnsweredBy: 'machine_end_beep',
      CallStatus: 'in-progress',
    });
    expect(await signedByTelnyx(request!)).toBe(true);
    const fetched = await telnyx().texml.accounts.calls.retrieve(created.call_sid, {
      account_sid: ACCOUNT,
    });
    expect(fetched.answered_by).toBe('machine');
  });

  it('refuses a wrong API key and answers injected faults in Telnyx’s shape', async () => {
    const body = { body: { From: FROM, To: TO, Texml: SAY } };
    await expect(
      telnyxClient(sandbox, { apiKey: 'KEYwrong' }).texml.accounts.calls.calls(ACCOUNT, body),
    ).rejects.toBeInstanceOf(AuthenticationError);
    await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'telnyx', mode: 'error', status: 500, times: 1 }),
    });
    await expect(telnyx().texml.accounts.calls.calls(ACCOUNT, body)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(await listCalls(sandbox)).toEqual([]);
  });
});
