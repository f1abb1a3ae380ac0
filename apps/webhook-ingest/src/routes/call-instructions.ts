import type { Request, Response } from 'express';
import {
  AppError,
  ErrorCodes,
  type CallContentReply,
  type ErrorCode,
} from '@switchboard/contracts';
import { problemFor, sendProblem, toAppError } from '@switchboard/http';
import { CallbackParams, callContent, voiceTwiml } from '@switchboard/providers';
import { SignatureVerdicts, type SignatureVerdict } from '../webhook-log.repository';

/** What a call says, by our message id (conversation-service, over request/reply). */
export type CallContentSource = (messageId: string) => Promise<CallContentReply>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const refusalOf = (verdict: SignatureVerdict): { code: ErrorCode; detail: string } | undefined =>
  verdict === SignatureVerdicts.missing
    ? { code: ErrorCodes.validation, detail: 'The request is not signed' }
    : verdict === SignatureVerdicts.invalid || verdict === SignatureVerdicts.stale
      ? { code: ErrorCodes.forbidden, detail: 'The request signature does not verify' }
      : undefined;

/**
 * Answers a provider asking for a call's instructions (once the call was answered, with
 * `AnsweredBy` after detection): the call's content said or played — or, for a voicemail drop
 * that hangs up on people, a hang-up unless a machine answered. The message id comes from the
 * signed URL the dispatcher gave the provider, so only a verified request is answered.
 */
export async function answerCallInstructions(
  req: Request,
  res: Response,
  options: {
    verdict: SignatureVerdict;
    answeredBy: string | undefined;
    query: Readonly<Record<string, string | string[]>>;
    content: CallContentSource;
  },
): Promise<void> {
  const instance = req.originalUrl.split('?')[0];
  const refusal = refusalOf(options.verdict);
  if (refusal) return sendProblem(res, problemFor(refusal.code, refusal.detail, instance));
  const id = options.query[CallbackParams.messageId];
  const messageId = Array.isArray(id) ? id[0] : id;
  try {
    if (!messageId || !UUID.test(messageId)) {
      throw AppError.validation([{ field: CallbackParams.messageId, message: 'must be a UUID' }]);
    }
    const call = await options.content(messageId);
    const twiml = voiceTwiml(callContent(call), {
      ...(options.answeredBy ? { answeredBy: options.answeredBy } : {}),
      ...(call.type === 'voicemail' ? { onHuman: call.voice?.on_human ?? 'play' } : {}),
    });
    res.type('text/xml').send(twiml);
  } catch (err) {
    const error = toAppError(err);
    sendProblem(res, problemFor(error.code, error.message, instance, error.fields));
  }
}
