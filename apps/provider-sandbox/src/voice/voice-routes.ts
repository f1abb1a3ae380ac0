import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import { TWILIO_API_VERSION } from '../twilio-message';
import { answerRequestSchema, type AnswerSettings } from './answer-settings';
import type { CallStore } from './call-store';
import { VoiceProviders } from './sandbox-call';
import { silentWav } from './silent-wav';

const listQuery = z.object({
  // An unencoded `+` in a query string decodes to a space; read it back as the `+` typed.
  to: z
    .string()
    .min(1)
    .transform((to) => to.replace(/^ (?=\d)/, '+'))
    .optional(),
  provider: z.enum(VoiceProviders).optional(),
});

/**
 * The sandbox's own voice API: who answers calls to a number (`/sandbox/voice`), every call
 * placed or simulated with what it heard (`/sandbox/calls`), and the audio behind recording URLs.
 *
 * @example app.use(voiceRoutes({ calls, answers }));
 */
export function voiceRoutes(deps: { calls: CallStore; answers: AnswerSettings }): Router {
  const { calls, answers } = deps;
  const router = Router();

  router.get('/sandbox/voice', (_req, res) => {
    res.json({ default: 'human', numbers: answers.all() });
  });
  router.post('/sandbox/voice', express.json(), (req, res) => {
    const request = parseOrThrow(answerRequestSchema, req.body);
    answers.set(request);
    res.json({ number: request.number, answer: request.answer });
  });
  router.delete('/sandbox/voice', (_req, res) => {
    answers.reset();
    res.status(204).end();
  });

  router.get('/sandbox/calls', (req, res) => {
    res.json(calls.list(parseOrThrow(listQuery, req.query, 'query')));
  });
  router.delete('/sandbox/calls', (_req, res) => {
    calls.clear();
    res.status(204).end();
  });

  // Recording media, as the RecordingUrl of a callback names it (`.wav` or none: audio/x-wav).
  const recording: RequestHandler<{ Sid: string }> = (req, res) => {
    const sid = req.params.Sid.replace(/\.wav$/i, '');
    const found = calls.findRecording(sid);
    if (!found) throw AppError.notFound(`recording ${sid}`);
    res.type('audio/x-wav').send(silentWav(found.duration_seconds));
  };
  router.get(`/${TWILIO_API_VERSION}/Accounts/:AccountSid/Recordings/:Sid`, recording);
  router.get('/v2/texml/Accounts/:AccountSid/Recordings/:Sid', recording);

  return router;
}
