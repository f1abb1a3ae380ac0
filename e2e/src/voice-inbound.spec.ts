import { randomBytes } from 'node:crypto';
import type { MessagePage, MessageResource } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { signTwilioRequest } from '@switchboard/providers';
import { claimAddress, setVoiceForward, setVoiceGreeting } from '@switchboard/tenancy';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from './api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-voice-inbound-${'k'.repeat(40)}`;
const TWILIO_TOKEN = 'sandbox-twilio-token';
const VOICE_PATH = '/api/v1/webhooks/twilio/voice';

interface HeardItem {
  verb: string;
  text?: string;
  number?: string;
}
interface CallResult {
  delivered: boolean;
  status: number | null;
  provider_message_id: string;
  call: { heard: HeardItem[]; recordings: { url: string; duration_seconds: number }[] };
}
interface CallMetadata {
  call: {
    call_sid: string;
    outcome: 'voicemail' | 'missed';
    recording_url: string | null;
    duration_seconds: number | null;
    transcript: string | null;
  };
}

/**
 * Calls to our numbers, placed by provider-sandbox as Twilio places them: the voice webhook's
 * TwiML followed, the recording, status and transcription callbacks signed and posted.
 */
describe('inbound calls: voicemail with transcript, missed calls, forwarding (AUTH_MODE=required)', () => {
  let stack: Stack;
  let sandbox: string;
  let gateway: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  let ours: string;

  beforeAll(async () => {
    stack = await startStack({
      env: { AUTH_MODE: 'required', SECRET_KEY, AUTH_CACHE_TTL_MS: '0' },
      only: ['provider-sandbox', 'conversation-service', 'webhook-ingest', 'gateway'],
    });
    sandbox = stack.url('provider-sandbox');
    gateway = stack.url('gateway');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway, secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'voice-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'voice-b' });
    ours = uniqueNumber();
    await claimAddress(database.db, { tenantId: a.id, address: ours });
    await claimAddress(database.db, { tenantId: b.id, address: uniqueNumber() });
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const call = async (from: string, to: string, speech: string) => {
    const res = await request<CallResult>(sandbox, 'POST', '/sandbox/inbound', {
      body: { channel: 'voice', from, to, speech },
    });
    expect(res.body).toMatchObject({ delivered: true, status: 200 });
    return res.body;
  };
  const sms = async (from: string, to: string, body: string) => {
    const res = await request(sandbox, 'POST', '/sandbox/inbound', {
      body: { channel: 'sms', from, to, body },
    });
    expect(res.body).toMatchObject({ delivered: true });
  };
  const inboxOf = async (tenant: TenantFixture) =>
    (await tenant.call<MessagePage>('GET', '/api/v1/messages?direction=inbound&limit=100')).body
      .data;
  const ofCall = (sid: string) => (messages: MessageResource[]) =>
    messages.filter((m) => m.provider_message_id === sid);
  /** The SMS arrives after every event of an earlier call between the same two numbers. */
  const smsAfter = async (from: string, body: string) => {
    await sms(from, ours, body);
    return eventually(
      async () => (await inboxOf(a)).find((m) => m.body === body),
      (m) => m !== undefined,
      { what: 'the SMS sent after the call' },
    );
  };

  it('turns a caller’s message into one voicemail with its transcript, threaded with their SMS, for the number’s tenant only', async () => {
    const caller = uniqueNumber();
    await setVoiceGreeting(database.db, {
      tenantId: a.id,
      address: ours,
      greeting: 'You reached Acme.',
    });
    const speech = `Please call me back about order ${randomBytes(3).toString('hex')}`;
    const result = await call(caller, ours, speech);
    expect(result.call.heard.map((h) => h.verb)).toEqual(['say', 'record']);
    expect(result.call.heard[0]).toMatchObject({ text: 'You reached Acme.' });

    const [voicemail] = await eventually(
      async () => ofCall(result.provider_message_id)(await inboxOf(a)),
      (found) => found.length === 1 && found[0]!.body === speech,
      { what: 'the voicemail with its transcript' },
    );
    const recording = result.call.recordings[0]!;
    expect(voicemail).toMatchObject({
      type: 'voicemail',
      direction: 'inbound',
      status: 'received',
      from: caller,
      to: ours,
      attachments: [recording.url],
    });
    expect((voicemail!.metadata as unknown as CallMetadata).call).toEqual({
      call_sid: result.provider_message_id,
      outcome: 'voicemail',
      recording_url: recording.url,
      duration_seconds: recording.duration_seconds,
      transcript: 'completed',
    });

    // An SMS between the same two numbers is in the same conversation, and comes after it.
    const text = await smsAfter(caller, `And a text ${randomBytes(3).toString('hex')}`);
    expect(text!.conversation_id).toBe(voicemail!.conversation_id);
    expect(ofCall(result.provider_message_id)(await inboxOf(a))).toHaveLength(1);

    // The other tenant never sees it.
    expect(ofCall(result.provider_message_id)(await inboxOf(b))).toEqual([]);
    expect((await b.call('GET', `/api/v1/messages/${voicemail!.id}`)).status).toBe(404);
    expect(
      (await b.call('GET', `/api/v1/conversations/${voicemail!.conversation_id}/messages`)).status,
    ).toBe(404);
  });

  it('records a caller who hangs up without a word as a missed call, not an empty voicemail', async () => {
    const caller = uniqueNumber();
    const result = await call(caller, ours, '');
    const [missed] = await eventually(
      async () => ofCall(result.provider_message_id)(await inboxOf(a)),
      (found) => found.length === 1,
      { what: 'the missed call' },
    );
    expect(missed).toMatchObject({ type: 'voice', from: caller, to: ours, body: '' });
    expect((missed!.metadata as unknown as CallMetadata).call).toMatchObject({
      outcome: 'missed',
      recording_url: null,
    });
    await smsAfter(caller, `Missed you ${randomBytes(3).toString('hex')}`);
    const ofThisCall = ofCall(result.provider_message_id)(await inboxOf(a));
    expect(ofThisCall.map((m) => m.type)).toEqual(['voice']);
  });

  it('forwards calls to the number the tenant set, and takes no voicemail', async () => {
    const caller = uniqueNumber();
    const forwardTo = uniqueNumber();
    await setVoiceForward(database.db, { tenantId: a.id, address: ours, forwardTo });
    try {
      const result = await call(caller, ours, 'Hello?');
      expect(result.call.heard).toEqual([
        expect.objectContaining({ verb: 'dial', number: forwardTo }),
      ]);
      await smsAfter(caller, `After the forwarded call ${randomBytes(3).toString('hex')}`);
      expect(ofCall(result.provider_message_id)(await inboxOf(a))).toEqual([]);
    } finally {
      await setVoiceForward(database.db, { tenantId: a.id, address: ours, forwardTo: null });
    }
  });

  it('turns a call to a number nobody claimed away politely, leaving no message', async () => {
    const result = await call(uniqueNumber(), uniqueNumber(), 'Anyone there?');
    expect(result.call.heard.map((h) => h.verb)).toEqual(['say', 'hangup']);
    const row = await database.db
      .selectFrom('messages')
      .select('id')
      .where('provider_message_id', '=', result.provider_message_id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('refuses forged and unsigned voice webhooks', async () => {
    const params = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      From: uniqueNumber(),
      To: ours,
      CallStatus: 'ringing',
    };
    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${gateway}${VOICE_PATH}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(params).toString(),
      });
    const forged = signTwilioRequest('not-the-token', `${gateway}${VOICE_PATH}`, params);
    expect((await post('', { 'x-twilio-signature': forged })).status).toBe(403);
    expect((await post('', {})).status).toBe(400);
    const transcription = {
      ...params,
      TranscriptionText: 'forged',
      TranscriptionStatus: 'completed',
    };
    const forgedTranscription = await fetch(`${gateway}${VOICE_PATH}/transcription`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(
          'x',
          `${gateway}${VOICE_PATH}/transcription`,
          transcription,
        ),
      },
      body: new URLSearchParams(transcription).toString(),
    });
    expect(forgedTranscription.status).toBe(403);

    // Signed with the right token, the same request is answered with TwiML.
    const good = await post('', {
      'x-twilio-signature': signTwilioRequest(TWILIO_TOKEN, `${gateway}${VOICE_PATH}`, params),
    });
    expect(good.status).toBe(200);
    expect(good.headers.get('content-type')).toContain('text/xml');
    expect(await good.text()).toContain('<Record');

    const logged = await database.db
      .selectFrom('webhook_logs')
      .select(['signature_verdict', 'outcome'])
      .where('route', 'in', [VOICE_PATH, `${VOICE_PATH}/`])
      .where('received_at', '>', new Date(Date.now() - 60_000))
      .execute();
    expect(logged.map((l) => l.signature_verdict)).toEqual(
      expect.arrayContaining(['invalid', 'missing', 'valid']),
    );
  });
});
