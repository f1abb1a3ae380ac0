import type { InboundCallDetails, InboundMessageEvent } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { randomBytes } from 'node:crypto';
import { recordInbound } from '../src/handlers/record-inbound.handler';
import { openTestDb } from './fixtures';

const number = () => `+1555${String(randomBytes(4).readUInt32BE(0) % 1e7).padStart(7, '0')}`;

/** The events webhook-ingest publishes for one call: the recording's, the transcription's, a miss. */
function callEvents(callSid: string, from: string, to: string) {
  const base = (key: string, call: InboundCallDetails): InboundMessageEvent => ({
    event_id: `twilio:${callSid}:${key}:${to}`,
    provider: 'twilio',
    provider_message_id: callSid,
    type: call.outcome === 'missed' ? 'voice' : 'voicemail',
    from,
    to,
    subject: null,
    body: key === 'transcription' ? 'Call me back' : '',
    attachments: call.recording_url ? [call.recording_url] : [],
    received_at: new Date().toISOString(),
    call,
  });
  const url = `https://sandbox.example/Recordings/RE${callSid}`;
  return {
    recording: base('recording', {
      call_sid: callSid,
      outcome: 'voicemail',
      recording_url: url,
      duration_seconds: 7,
      transcript: 'pending',
    }),
    transcription: base('transcription', {
      call_sid: callSid,
      outcome: 'voicemail',
      recording_url: url,
      duration_seconds: null,
      transcript: 'completed',
    }),
    missed: base('missed', {
      call_sid: callSid,
      outcome: 'missed',
      recording_url: null,
      duration_seconds: null,
      transcript: null,
    }),
  };
}

describe('a call’s events make one message, in whatever order they come (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(() => database.close());

  const messagesOf = (callSid: string) =>
    database.db
      .selectFrom('messages')
      .select(['type', 'body', 'attachments', 'metadata', 'conversation_id'])
      .where('provider_message_id', '=', callSid)
      .execute();

  it.each([
    ['recording first', ['recording', 'transcription'] as const],
    ['transcription first', ['transcription', 'recording'] as const],
    [
      'missed call reported before the recording',
      ['missed', 'transcription', 'recording'] as const,
    ],
  ])('%s', async (_, order) => {
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const events = callEvents(callSid, number(), number());
    const outcomes = [];
    for (const key of order) outcomes.push(await recordInbound(database.db, tenantId, events[key]));
    // Delivered again, each changes nothing.
    for (const key of order) {
      expect(await recordInbound(database.db, tenantId, events[key])).toBe('duplicate');
    }
    expect(outcomes).toEqual(['stored', ...order.slice(1).map(() => 'merged')]);

    const [message, ...others] = await messagesOf(callSid);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      type: 'voicemail',
      body: 'Call me back',
      attachments: [events.recording.call!.recording_url],
      metadata: {
        call: {
          call_sid: callSid,
          outcome: 'voicemail',
          recording_url: events.recording.call!.recording_url,
          duration_seconds: 7,
          transcript: 'completed',
        },
      },
    });
    const events_ = await database.db
      .selectFrom('message_events')
      .select('event_id')
      .where('provider_message_id', '=', callSid)
      .execute();
    expect(events_).toHaveLength(order.length);
    const conversation = await database.db
      .selectFrom('conversations')
      .select('last_message_preview')
      .where('id', '=', message!.conversation_id)
      .executeTakeFirstOrThrow();
    expect(conversation.last_message_preview).toBe('Call me back');
  });

  it('previews a missed call as one, and a voicemail as one until it is transcribed', async () => {
    const preview = async (event: InboundMessageEvent) => {
      await recordInbound(database.db, tenantId, event);
      const row = await database.db
        .selectFrom('conversations as c')
        .innerJoin('messages as m', 'm.conversation_id', 'c.id')
        .select('c.last_message_preview')
        .where('m.provider_message_id', '=', event.provider_message_id)
        .executeTakeFirstOrThrow();
      return row.last_message_preview;
    };
    const missed = callEvents(`CA${randomBytes(16).toString('hex')}`, number(), number());
    expect(await preview(missed.missed)).toBe('Missed call');
    const left = callEvents(`CA${randomBytes(16).toString('hex')}`, number(), number());
    expect(await preview(left.recording)).toBe('Voicemail');
    expect(await preview(left.transcription)).toBe('Call me back');
  });
});
