// `POST /sandbox/inbound` with `channel: voice`: a call to one of our numbers, as Twilio places
// it on our voice webhook, followed to its end.
import { verifyTwilioSignature } from '@switchboard/providers';
import type { SandboxCall } from '../src/voice/sandbox-call';
import { startTestSandbox, type TestSandbox } from './start-sandbox';
import { resetVoice, setAnswer } from './voice-client';
import { startVoiceServer, type VoiceRequest, type VoiceServer } from './voice-server';

const CALLER = '+14155550100';
const OURS = '+15559870000';
const VOICE = '/api/v1/webhooks/twilio/voice';
const STATUS = `${VOICE}/inbound-status`;
const RECORDING = `${VOICE}/recording`;
const TRANSCRIPTION = `${VOICE}/transcription`;
const AFTER = `${VOICE}/after-record`;

let server: VoiceServer;
let sandbox: TestSandbox;
/** What our voice webhook answers the first request with. */
let greeting: string;

const VOICEMAIL = `<?xml version="1.0" encoding="UTF-8"?><Response>
  <Say>Please leave a message after the tone.</Say>
  <Record action="${AFTER}" maxLength="120" transcribe="true"
    transcribeCallback="${TRANSCRIPTION}" recordingStatusCallback="${RECORDING}"/>
  <Say>We did not get a message. Goodbye.</Say>
</Response>`;

beforeAll(async () => {
  server = await startVoiceServer((request) => (request.path === VOICE ? greeting : undefined));
  // The voice webhook and its status URL derive from PUBLIC_BASE_URL like the SMS webhook's.
  sandbox = await startTestSandbox({ PUBLIC_BASE_URL: server.origin });
});
afterAll(async () => {
  await sandbox.stop();
  await server.stop();
});
beforeEach(async () => {
  await resetVoice(sandbox);
  server.received.length = 0;
  greeting = VOICEMAIL;
});

async function call(body: Record<string, unknown>) {
  const res = await fetch(`${sandbox.url}/sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'voice', from: CALLER, to: OURS, ...body }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    delivered: boolean;
    status: number | null;
    provider_message_id: string;
    call: SandboxCall;
  };
}

function signed(request: VoiceRequest): boolean {
  return verifyTwilioSignature(
    sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
    String(request.headers['x-twilio-signature']),
    `${server.origin}${request.path}`,
    request.form,
  );
}

const paths = () => server.received.map((r) => r.path);

describe('an inbound call', () => {
  it('asks our voice webhook, records the caller, and posts the recording, status and transcript', async () => {
    const speech = 'Hi it is Sam, please call me back about the order';
    const answer = await call({ speech });
    expect(answer).toMatchObject({ delivered: true, status: 200 });
    const sid = answer.provider_message_id;
    expect(sid).toMatch(/^CA[0-9a-f]{32}$/);

    // In the order Twilio sends them; each one signed over the URL it went to.
    expect(paths()).toEqual([VOICE, AFTER, RECORDING, STATUS, TRANSCRIPTION]);
    for (const request of server.received) expect(signed(request)).toBe(true);
    const [first, after, recording, status, transcription] = server.received;
    expect(first!.form).toMatchObject({
      CallSid: sid,
      AccountSid: sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
      From: CALLER,
      To: OURS,
      Caller: CALLER,
      Called: OURS,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    });
    const recordingSid = recording!.form.RecordingSid!;
    expect(recordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    const recordingUrl = `${sandbox.url}/2010-04-01/Accounts/${sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID}/Recordings/${recordingSid}`;
    // Eleven words take five seconds to say.
    expect(after!.form).toMatchObject({
      CallSid: sid,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
      RecordingDuration: '5',
      Digits: 'hangup',
    });
    expect(recording!.form).toMatchObject({
      CallSid: sid,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '5',
      RecordingSource: 'RecordVerb',
    });
    // The greeting (three seconds) and the message: the caller hung up, the last <Say> never ran.
    expect(status!.form).toMatchObject({
      CallSid: sid,
      CallStatus: 'completed',
      CallDuration: '8',
    });
    expect(transcription!.form).toMatchObject({
      CallSid: sid,
      RecordingSid: recordingSid,
      TranscriptionText: speech,
      TranscriptionStatus: 'completed',
      From: CALLER,
      To: OURS,
    });
    expect(transcription!.form.TranscriptionSid).toMatch(/^TR[0-9a-f]{32}$/);

    expect(answer.call).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      duration_seconds: 8,
      heard: [
        { verb: 'say', at: 0, text: 'Please leave a message after the tone.' },
        { verb: 'record', at: 3, recording_sid: recordingSid, seconds: 5 },
      ],
      recordings: [
        { sid: recordingSid, url: recordingUrl, duration_seconds: 5, transcript: speech },
      ],
    });

    const audio = await fetch(recordingUrl);
    expect(audio.headers.get('content-type')).toBe('audio/x-wav');
    const wav = Buffer.from(await audio.arrayBuffer());
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.length).toBe(44 + 5 * 8000);
  });

  it('leaves no recording when the caller says nothing: just the call’s completed status', async () => {
    const answer = await call({});
    expect(paths()).toEqual([VOICE, STATUS]);
    expect(server.received[1]!.form).toMatchObject({ CallStatus: 'completed', CallDuration: '11' });
    expect(answer.call).toMatchObject({
      recordings: [],
      heard: [
        { verb: 'say', text: 'Please leave a message after the tone.' },
        { verb: 'record', recording_sid: null, seconds: 5 },
        { verb: 'say', text: 'We did not get a message. Goodbye.' },
      ],
    });
  });

  it('forwards with <Dial> to a number that answers as set, and follows the action', async () => {
    await setAnswer(sandbox, '+15551112222', 'busy');
    greeting = `<Response><Dial action="${VOICE}/dialed" timeout="20">+15551112222</Dial></Response>`;
    const answer = await call({ speech: 'hello?' });
    expect(paths()).toEqual([VOICE, `${VOICE}/dialed`, STATUS]);
    expect(server.received[1]!.form).toMatchObject({
      DialCallStatus: 'busy',
      DialCallDuration: '0',
    });
    expect(answer.call.heard).toEqual([
      { verb: 'dial', at: 0, number: '+15551112222', status: 'busy', seconds: 4 },
    ]);
  });

  it('tells how our webhook answered when it refused the call', async () => {
    const refusing = await startVoiceServer((request) =>
      request.path === VOICE ? { status: 403 } : undefined,
    );
    const other = await startTestSandbox({
      SANDBOX_TWILIO_VOICE_URL: `${refusing.origin}${VOICE}`,
      SANDBOX_TWILIO_VOICE_STATUS_URL: `${refusing.origin}${STATUS}`,
    });
    try {
      const res = await fetch(`${other.url}/sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'voice', from: CALLER, to: OURS, speech: 'hi' }),
      });
      const answer = (await res.json()) as {
        delivered: boolean;
        status: number;
        call: SandboxCall;
      };
      expect(answer).toMatchObject({
        delivered: false,
        status: 403,
        call: { status: 'completed' },
      });
      expect(answer.call.error).toMatch(/^11200: /);
      expect(refusing.received.map((r) => r.path)).toEqual([VOICE, STATUS]);
    } finally {
      await other.stop();
      await refusing.stop();
    }
  });

  it('refuses a voice call without numbers, naming the fields', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'voice', from: 'nobody' }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['from', 'to']);
  });
});
