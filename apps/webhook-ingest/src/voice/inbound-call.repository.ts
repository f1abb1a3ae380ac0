import type { Database, InboundCallRow, Kysely } from '@switchboard/db';

type Db = Kysely<Database>;
export type CallMode = InboundCallRow['mode'];

/** How a claimed number takes calls. */
export interface NumberVoiceSettings {
  greeting: string | null;
  forwardTo: string | null;
}

/**
 * The calls webhook-ingest answered, so the callbacks that follow a call (which do not all name
 * the caller and the number) can be turned into the caller's voicemail or missed call.
 */
export interface InboundCallRepository {
  /** The voice settings of a number a tenant claimed; undefined when nobody claimed it. */
  settingsOf(number: string): Promise<NumberVoiceSettings | undefined>;
  /** Notes how a call was answered; the first answer stands (Twilio may ask again). */
  answered(call: {
    callSid: string;
    provider: string;
    from: string;
    to: string;
    mode: CallMode;
  }): Promise<InboundCallRow>;
  /** Notes the call's recording; the call as now known, undefined when it was never answered. */
  recorded(
    callSid: string,
    recording: { url: string; durationSeconds: number | null },
  ): Promise<InboundCallRow | undefined>;
  /** Notes that the call ended; the call as it was, undefined when it was never answered. */
  ended(callSid: string): Promise<InboundCallRow | undefined>;
  find(callSid: string): Promise<InboundCallRow | undefined>;
}

export function createInboundCallRepository(db: Db): InboundCallRepository {
  const find = (callSid: string) =>
    db.selectFrom('inbound_calls').selectAll().where('call_sid', '=', callSid).executeTakeFirst();
  return {
    async settingsOf(number) {
      const row = await db
        .selectFrom('tenant_addresses')
        .select(['voice_greeting', 'voice_forward_to'])
        .where('address', '=', number)
        .executeTakeFirst();
      return row && { greeting: row.voice_greeting, forwardTo: row.voice_forward_to };
    },
    async answered(call) {
      await db
        .insertInto('inbound_calls')
        .values({
          call_sid: call.callSid,
          provider: call.provider,
          from_addr: call.from,
          to_addr: call.to,
          mode: call.mode,
          recording_url: null,
          duration_seconds: null,
          recorded_at: null,
          ended_at: null,
        })
        .onConflict((oc) => oc.column('call_sid').doNothing())
        .execute();
      return (await find(call.callSid))!;
    },
    async recorded(callSid, recording) {
      return db
        .updateTable('inbound_calls')
        .set((eb) => ({
          recording_url: recording.url,
          duration_seconds: eb.fn.coalesce(
            eb.val(recording.durationSeconds),
            eb.ref('duration_seconds'),
          ),
          recorded_at: eb.fn.coalesce(eb.ref('recorded_at'), eb.val(new Date())),
        }))
        .where('call_sid', '=', callSid)
        .returningAll()
        .executeTakeFirst();
    },
    async ended(callSid) {
      const before = await find(callSid);
      if (!before) return undefined;
      await db
        .updateTable('inbound_calls')
        .set({ ended_at: new Date() })
        .where('call_sid', '=', callSid)
        .where('ended_at', 'is', null)
        .execute();
      return before;
    },
    find,
  };
}
