// Answering-machine detection on Twilio calls through the real SDK: voicemail drops after the
// beep, AnsweredBy on instruction requests and callbacks, asynchronous detection.
import { verifyTwilioSignature } from '@switchboard/providers';
import { twilioClient } from './sdk-clients';
import { startTestSandbox, type TestSandbox } from './start-sandbox';
import { endedCall, resetVoice, setAnswer } from './voice-client';
import { startVoiceServer, type VoiceRequest, type VoiceServer } from './voice-server';

const FROM = '+15559870000';
const TO = '+15551230001';
const STATUS = '/api/v1/webhooks/twilio/voice/status';
const ANSWER = '/api/v1/webhooks/twilio/voice/answer';
const SAY = '<Response><Say voice="alice" language="en-US">Your table is ready</Say></Response>';

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

describe('answering-machine detection', () => {
  it('leaves a voicemail drop after the beep with DetectMessageEnd', async () => {
    await setAnswer(sandbox, TO, 'machine');
    const created = await twilio().calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      machineDetection: 'DetectMessageEnd',
      statusCallback: `${server.origin}${STATUS}`,
    });
    const call = await endedCall(sandbox, created.sid, 1);
    expect(call).toMatchObject({
      answer: 'machine',
      answered_by: 'machine_end_beep',
      machine_detection: 'DetectMessageEnd',
      voicemail: { beep_at: 8, content_after_beep: true },
      heard: [{ verb: 'say', at: 8, text: 'Your table is ready' }],
      duration_seconds: 10,
    });
    expect(server.to(STATUS)[0]!.form).toMatchObject({
      CallStatus: 'completed',
      AnsweredBy: 'machine_end_beep',
      CallDuration: '10',
    });
  });

  it('speaks over the greeting without detection, or with detection that stops at its start', async () => {
    await setAnswer(sandbox, TO, 'machine');
    const plain = await twilio().calls.create({ from: FROM, to: TO, twiml: SAY });
    const early = await twilio().calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      machineDetection: 'Enable',
    });
    expect(await endedCall(sandbox, plain.sid)).toMatchObject({
      answered_by: null,
      voicemail: { content_after_beep: false },
    });
    expect(await endedCall(sandbox, early.sid)).toMatchObject({
      answered_by: 'machine_start',
      voicemail: { content_after_beep: false },
      heard: [{ verb: 'say', at: 3 }],
    });
  });

  it('asks the instruction URL with AnsweredBy, signed, so a person can be hung up on', async () => {
    answerFor = (answeredBy) =>
      answeredBy?.startsWith('machine') ? SAY : '<Response><Hangup/></Response>';
    const human = await twilio().calls.create({
      from: FROM,
      to: TO,
      url: `${server.origin}${ANSWER}?message_id=m1`,
      machineDetection: 'DetectMessageEnd',
    });
    expect(await endedCall(sandbox, human.sid)).toMatchObject({
      answered_by: 'human',
      heard: [{ verb: 'hangup', at: 2 }],
      url: `${server.origin}${ANSWER}?message_id=m1`,
      twiml: null,
    });
    const [request] = server.to(ANSWER);
    expect(request!.method).toBe('POST');
    expect(signedByTwilio(request!)).toBe(true);
    expect(request!.form).toMatchObject({
      CallSid: human.sid,
      CallStatus: 'in-progress',
      AnsweredBy: 'human',
      Direction: 'outbound-api',
    });

    await setAnswer(sandbox, TO, 'machine');
    const machine = await twilio().calls.create({
      from: FROM,
      to: TO,
      url: `${server.origin}${ANSWER}`,
      method: 'GET',
      machineDetection: 'DetectMessageEnd',
    });
    expect(await endedCall(sandbox, machine.sid)).toMatchObject({
      voicemail: { content_after_beep: true },
      heard: [{ verb: 'say', text: 'Your table is ready' }],
    });
    const get = server.to(ANSWER)[1]!;
    expect(get.method).toBe('GET');
    expect(get.form.AnsweredBy).toBe('machine_end_beep');
    expect(signedByTwilio(get)).toBe(true);
  });

  it('runs instructions at once with asyncAmd and posts the result to its callback', async () => {
    await setAnswer(sandbox, TO, 'machine');
    const created = await twilio().calls.create({
      from: FROM,
      to: TO,
      twiml: SAY,
      machineDetection: 'DetectMessageEnd',
      asyncAmd: 'true',
      asyncAmdStatusCallback: `${server.origin}/amd`,
    });
    const call = await endedCall(sandbox, created.sid, 1);
    expect(call).toMatchObject({
      async_amd: true,
      answered_by: 'machine_end_beep',
      voicemail: { content_after_beep: false },
    });
    const [amd] = server.to('/amd');
    expect(amd!.form).toMatchObject({
      CallSid: created.sid,
      AnsweredBy: 'machine_end_beep',
      MachineDetectionDuration: '8000',
    });
    expect(signedByTwilio(amd!)).toBe(true);
  });
});
