import express, { Router, type Request, type Response } from 'express';
import {
  TwilioInboundCallStatusForm,
  TwilioRecordingStatusForm,
  TwilioTranscriptionForm,
  TwilioVoiceCallForm,
} from '@switchboard/contracts';
import {
  DEFAULT_VOICE_GREETING,
  forwardCallTwiml,
  unclaimedNumberTwiml,
  voicemailTakenTwiml,
  voicemailTwiml,
} from '@switchboard/providers';
import type { z } from 'zod';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { ingest, type IngestDeps } from '../ingest';
import {
  emptyResult,
  normalizeReported,
  parseWith,
  type NormalizedWebhook,
} from '../normalize/normalized-webhook';
import { TWILIO } from '../normalize/twilio.normalizer';
import {
  FINAL_CALL_STATUSES,
  missedCallEvent,
  secondsOf,
  voicemailEvent,
} from '../normalize/twilio-voice.normalizer';
import type { InboundCallRepository } from '../voice/inbound-call.repository';
import { parseForm, verifyTwilioRequest } from './twilio.routes';

/** The voice webhook's paths below `/api/v1/webhooks/twilio/voice`. */
export const TwilioVoicePaths = {
  /** A number's "A call comes in". */
  answer: '/',
  /** The `<Record>` verb's `action`. */
  recorded: '/recorded',
  recording: '/recording',
  transcription: '/transcription',
  /** The status callback of calls to our numbers; `/status` is that of the calls we place. */
  status: '/inbound-status',
} as const;

export const TWILIO_VOICE_BASE = '/api/v1/webhooks/twilio/voice';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

type Params = Record<string, string | string[]>;

/** The schema's fields, one value each (a repeated one counts with its first value). */
function fieldsOf<S extends z.ZodObject>(schema: S, params: Params, what: string): z.output<S> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = params[key];
    const one = Array.isArray(value) ? value[0] : value;
    if (one !== undefined) out[key] = one;
  }
  return parseWith(schema, out, what);
}

interface VoiceRoute {
  path: string;
  /** Turns the verified, audited request into events; may answer with its own TwiML. */
  handle: (params: Params, answer: { twiml: string }) => Promise<NormalizedWebhook>;
}

/**
 * `POST /api/v1/webhooks/twilio/voice` and the callbacks of the calls it answers. Every request
 * is signature-checked and audited like the message webhook. A call to a claimed number hears
 * its greeting and leaves a transcribed voicemail, or is forwarded when the number's tenant set
 * a forward number; a call to a number nobody claimed is turned away politely. The recording
 * and transcription callbacks become one `voicemail` message; a call that ended without a
 * recording becomes a missed call (a `voice` message).
 */
export function twilioVoiceRouter(
  config: WebhookIngestConfig,
  deps: IngestDeps,
  calls: InboundCallRepository,
): Router {
  const base = `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}${TWILIO_VOICE_BASE}`;
  const country = config.DEFAULT_COUNTRY;
  const recordingOf = (form: { RecordingUrl?: string; RecordingDuration?: string }) =>
    form.RecordingUrl
      ? { url: form.RecordingUrl, durationSeconds: secondsOf(form.RecordingDuration) }
      : undefined;

  const routes: VoiceRoute[] = [
    {
      path: TwilioVoicePaths.answer,
      async handle(params, answer) {
        const form = fieldsOf(TwilioVoiceCallForm, params, 'not a Twilio voice webhook');
        const to = normalizeReported(form.To, country);
        const settings = await calls.settingsOf(to);
        const call = await calls.answered({
          callSid: form.CallSid,
          provider: TWILIO,
          from: normalizeReported(form.From, country),
          to,
          mode: !settings ? 'unclaimed' : settings.forwardTo ? 'forward' : 'voicemail',
        });
        answer.twiml =
          call.mode === 'unclaimed' || !settings
            ? unclaimedNumberTwiml()
            : call.mode === 'forward' && settings.forwardTo
              ? forwardCallTwiml(settings.forwardTo)
              : voicemailTwiml(settings.greeting || DEFAULT_VOICE_GREETING, {
                  action: `${base}${TwilioVoicePaths.recorded}`,
                  recordingStatusCallback: `${base}${TwilioVoicePaths.recording}`,
                  transcribeCallback: `${base}${TwilioVoicePaths.transcription}`,
                });
        return { ...emptyResult(), ignored: [`call answered: ${call.mode}`] };
      },
    },
    {
      path: TwilioVoicePaths.recorded,
      async handle(params, answer) {
        answer.twiml = voicemailTakenTwiml();
        const form = fieldsOf(TwilioVoiceCallForm, params, 'not a Twilio voice webhook');
        const recording = recordingOf(form);
        return recording
          ? voicemailFrom(form.CallSid, recording)
          : { ...emptyResult(), ignored: ['recording action without a recording'] };
      },
    },
    {
      path: TwilioVoicePaths.recording,
      async handle(params) {
        const form = fieldsOf(TwilioRecordingStatusForm, params, 'not a Twilio recording callback');
        const status = (form.RecordingStatus ?? 'completed').toLowerCase();
        if (status !== 'completed') {
          return { ...emptyResult(), ignored: [`recording status "${status}"`] };
        }
        return voicemailFrom(form.CallSid, recordingOf(form)!);
      },
    },
    {
      path: TwilioVoicePaths.transcription,
      async handle(params) {
        const form = fieldsOf(TwilioTranscriptionForm, params, 'not a Twilio transcription');
        const recording = recordingOf(form);
        const call = recording
          ? await calls.recorded(form.CallSid, recording)
          : await calls.find(form.CallSid);
        if (!call) return { ...emptyResult(), ignored: ['transcription of an unknown call'] };
        const failed = (form.TranscriptionStatus ?? 'completed').toLowerCase() !== 'completed';
        const result = emptyResult();
        result.inbound.push(
          voicemailEvent(
            call,
            {
              source: 'transcription',
              recordingUrl: recording?.url ?? null,
              durationSeconds: recording?.durationSeconds ?? null,
              transcript: { text: form.TranscriptionText ?? '', failed },
            },
            new Date(),
          ),
        );
        return result;
      },
    },
    {
      path: TwilioVoicePaths.status,
      async handle(params) {
        const form = fieldsOf(TwilioInboundCallStatusForm, params, 'not a Twilio call status');
        const status = (form.CallStatus ?? '').toLowerCase();
        if (!FINAL_CALL_STATUSES.has(status)) {
          return { ...emptyResult(), ignored: [`call status "${status || '(none)'}"`] };
        }
        const call = await calls.ended(form.CallSid);
        const result = emptyResult();
        // Only a call that was offered the voicemail and left none was missed: a forwarded call
        // was put through, and a call to an unused number was nobody's.
        if (call?.mode === 'voicemail' && !call.recorded_at) {
          result.inbound.push(missedCallEvent(call, new Date()));
        } else {
          result.ignored.push(`call ${status}${call ? ` (${call.mode})` : ' (unknown call)'}`);
        }
        return result;
      },
    },
  ];

  /** The voicemail as a recording callback (or the `<Record>` action) knows it. */
  async function voicemailFrom(
    callSid: string,
    recording: { url: string; durationSeconds: number | null },
  ): Promise<NormalizedWebhook> {
    const call = await calls.recorded(callSid, recording);
    const result = emptyResult();
    if (!call) result.ignored.push('recording of an unknown call');
    else {
      result.inbound.push(
        voicemailEvent(
          call,
          {
            source: 'recording',
            recordingUrl: recording.url,
            durationSeconds: recording.durationSeconds,
          },
          new Date(),
        ),
      );
    }
    return result;
  }

  const router = Router();
  for (const route of routes) {
    router.post(
      route.path,
      express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES }),
      async (req: Request, res: Response) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const params = parseForm(body.toString('utf8'));
        const answer = { twiml: EMPTY_TWIML };
        await ingest(deps, req, res, {
          provider: TWILIO,
          body,
          verify: () => verifyTwilioRequest(config, req, params),
          normalize: () => route.handle(params, answer),
          accept: (r) => r.type('text/xml').send(answer.twiml),
        });
      },
    );
  }
  return router;
}
