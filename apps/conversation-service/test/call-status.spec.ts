import type { SendMessageCommand, StatusEvent } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { randomUUID } from 'node:crypto';
import { createMetrics } from '@switchboard/observability';
import { createConversationMetrics } from '../src/conversation-metrics';
import { applyStatuses } from '../src/handlers/apply-status.handler';
import { getMessage, listMessageEvents } from '@switchboard/conversation-queries';
import { openTestDb, sendOne, smsCommand } from './fixtures';

const callSid = () => `CA${randomUUID().replace(/-/g, '')}`;

/** A call status callback as webhook-ingest publishes it, knowing only the call's id. */
function callStatus(sid: string, overrides: Partial<StatusEvent>): StatusEvent {
  return {
    event_id: randomUUID(),
    message_id: null,
    provider: 'twilio',
    provider_message_id: sid,
    status: 'sent',
    error_code: null,
    error_message: null,
    occurred_at: new Date().toISOString(),
    source: 'webhook',
    generation: null,
    ...overrides,
  };
}

describe('calls: threading and call statuses (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  const deps = () => ({ db: database.db, partitions: 16 });
  const call = (overrides: Partial<SendMessageCommand>) =>
    sendOne(
      deps(),
      smsCommand(tenantId, {
        type: 'voice',
        body: 'Your table is ready',
        encoding: null,
        segments: null,
        voice: { on_human: 'play' },
        ...overrides,
      }),
    );
  /** The dispatcher's `sent` with the call's id: what makes later callbacks match. */
  const placed = async (messageId: string) => {
    const sid = callSid();
    await applyStatuses(database.db, [
      callStatus(sid, { message_id: messageId, source: 'dispatcher', generation: 0 }),
    ]);
    return sid;
  };
  const stored = (id: string) => getMessage(database.db, { tenant_id: tenantId, id });

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(async () => {
    await database?.close();
  });

  it('threads calls with the texts between the same two numbers, and queues them on the voice channel', async () => {
    const text = await sendOne(deps(), smsCommand(tenantId));
    const voice = await call({ voice: { language: 'en-US', voice: 'alice', on_human: 'play' } });
    expect(voice.conversation_id).toBe(text.conversation_id);
    expect(voice).toMatchObject({
      type: 'voice',
      voice: { language: 'en-US', voice: 'alice', on_human: 'play' },
      answered_by: null,
      duration_seconds: null,
    });
    const [row] = await database.db
      .selectFrom('outbox')
      .select(['subject', 'payload'])
      .where('msg_id', '=', voice.id)
      .execute();
    expect(row?.subject).toMatch(/^dispatch\.voice\.\d+$/);
    expect(row?.payload).toMatchObject({ type: 'voice', voice: { voice: 'alice' } });
  });

  it('keeps every call status as an event, and delivers a completed call with who answered and how long', async () => {
    const message = await call({});
    const sid = await placed(message.id);
    await applyStatuses(database.db, [
      callStatus(sid, { provider_status: 'ringing' }),
      callStatus(sid, { provider_status: 'in-progress', answered_by: 'human' }),
      callStatus(sid, { status: 'delivered', provider_status: 'completed', duration_seconds: 12 }),
    ]);
    expect(await stored(message.id)).toMatchObject({
      status: 'delivered',
      provider_message_id: sid,
      answered_by: 'human',
      duration_seconds: 12,
    });
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => [e.status, e.provider_status, e.answered_by])).toEqual([
      ['queued', null, null],
      ['sent', null, null],
      ['sent', 'ringing', null],
      ['sent', 'in-progress', 'human'],
      ['delivered', 'completed', null],
    ]);
    expect(events.data.at(-1)).toMatchObject({ duration_seconds: 12, applied: true });
  });

  it('counts each ended call once in the call metrics: outcome, who answered, how long', async () => {
    const service = createMetrics('call-status-spec');
    const count = createConversationMetrics(service, database.db).countTransition;
    const answered = await call({});
    const answeredSid = await placed(answered.id);
    const busy = await call({});
    const busySid = await placed(busy.id);
    const ended = [
      callStatus(answeredSid, { provider_status: 'in-progress', answered_by: 'human' }),
      callStatus(answeredSid, {
        status: 'delivered',
        provider_status: 'completed',
        duration_seconds: 42,
      }),
      callStatus(busySid, { status: 'failed', provider_status: 'busy', error_code: 'busy' }),
    ];
    await applyStatuses(database.db, ended, count);
    // The same callbacks again change nothing, and count nothing.
    await applyStatuses(database.db, ended, count);

    const calls = await service.registry.getSingleMetric('voice_calls_total')!.get();
    expect(calls.values.map((v) => [v.labels, v.value])).toEqual(
      expect.arrayContaining([
        [{ provider: 'twilio', outcome: 'completed', answered_by: 'human' }, 1],
        [{ provider: 'twilio', outcome: 'busy', answered_by: 'none' }, 1],
      ]),
    );
    expect(calls.values).toHaveLength(2);
    const durations = await service.registry.getSingleMetric('voice_call_duration_seconds')!.get();
    expect(durations.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          metricName: 'voice_call_duration_seconds_sum',
          labels: { provider: 'twilio', answered_by: 'human' },
          value: 42,
        }),
      ]),
    );
  });

  it('fails a voicemail drop that hangs up on people when a person answered', async () => {
    const message = await call({ type: 'voicemail', voice: { on_human: 'hangup' } });
    const sid = await placed(message.id);
    await applyStatuses(database.db, [
      callStatus(sid, {
        status: 'delivered',
        provider_status: 'completed',
        answered_by: 'human',
        duration_seconds: 2,
      }),
    ]);
    expect(await stored(message.id)).toMatchObject({
      status: 'failed',
      error_code: 'answered_by_human',
      answered_by: 'human',
    });
  });

  it('delivers a voicemail drop left after the beep, whatever it does with people', async () => {
    const message = await call({ type: 'voicemail', voice: { on_human: 'hangup' } });
    const sid = await placed(message.id);
    await applyStatuses(database.db, [
      callStatus(sid, {
        status: 'delivered',
        provider_status: 'completed',
        answered_by: 'machine_end_beep',
        duration_seconds: 9,
      }),
    ]);
    expect(await stored(message.id)).toMatchObject({
      status: 'delivered',
      answered_by: 'machine_end_beep',
      duration_seconds: 9,
    });
  });

  it('parks a callback that raced ahead of the call id, and never moves a finished call back', async () => {
    const message = await call({});
    const sid = callSid();
    const [early] = await applyStatuses(database.db, [
      callStatus(sid, { status: 'failed', provider_status: 'busy', error_code: 'busy' }),
    ]);
    expect(early?.outcome).toBe('parked');
    await applyStatuses(database.db, [
      callStatus(sid, { message_id: message.id, source: 'dispatcher', generation: 0 }),
    ]);
    expect(await stored(message.id)).toMatchObject({ status: 'failed', error_code: 'busy' });
    await applyStatuses(database.db, [callStatus(sid, { provider_status: 'ringing' })]);
    expect((await stored(message.id))?.status).toBe('failed');
  });
});
