import { z } from 'zod';
import { Limits, MessageResource } from '@switchboard/contracts';
import type { ZodOpenApiResponsesObject } from 'zod-openapi';
import { ExampleIds } from './message-examples';
import { problems } from './problem-examples';
import { IdempotencyReplayedHeader, idempotencyErrors } from './resilience-docs';
import { bodyErrors, json, problem, serviceErrors } from './response-docs';

/* What the single-send routes (v1 and compatible) share in the reference. */

export const sendDescription = [
  'Stores the message in its conversation and queues it for dispatch. A `201` means the message is committed with its dispatch command: it is readable at once and will be sent, even if a service restarts.',
  '',
  '- **Addresses** may be written in any common format; they are normalised (E.164 numbers, lower-cased email) before threading, so `+1 (555) 987-6543` and `+15559876543` are the same participant.',
  '- **Type** is inferred when omitted: email addresses mean `email`, attachments on phone numbers mean `mms`, otherwise `sms`.',
  `- **SMS/MMS** bodies are at most ${Limits.smsBodyChars} characters; the answer tells the \`encoding\` (GSM-7, or UCS-2 for characters such as emoji) and how many \`segments\` the text takes. An MMS takes at most ${Limits.mmsAttachments} https attachments.`,
  '- **Email** bodies are HTML; a plain-text alternative is derived for the provider. The subject must be on one line.',
  `- **Voice** (\`type: voice\`) places a call that speaks \`body\` (at most ${Limits.voiceBodyChars} characters; \`voice.language\` and \`voice.voice\` choose the text-to-speech) or plays the audio file given as the one \`attachments\` entry. **Voicemail** (\`type: voicemail\`) places it with answering-machine detection and leaves the content after the greeting's beep; \`voice.on_human\` says what a person who answers gets (\`play\`, the default, or \`hangup\`). Calls need phone numbers (\`422\` otherwise) and are never inferred. A call is \`sent\` while it rings and runs, \`delivered\` once it completed with its content heard or left after the beep, \`failed\` with the reason (\`busy\`, \`no-answer\`, \`canceled\`, \`failed\`, \`answered_by_human\`).`,
  '',
  'Follow the message with `GET /api/v1/messages/{id}` or its lifecycle with `/events`.',
].join('\n');

/** The answers of a single send at `route`: the stored message, or why it was not stored. */
export function sendResponses(
  route: string,
  named: Readonly<Record<string, MessageResource>>,
  options: { location: boolean },
): ZodOpenApiResponsesObject {
  const created = json('Stored and queued for dispatch', MessageResource, named);
  return {
    '201': {
      ...created,
      headers: options.location
        ? IdempotencyReplayedHeader.extend({
            location: z.string().meta({
              description: 'The URL of the stored message',
              examples: [`/api/v1/messages/${ExampleIds.message}`],
            }),
          })
        : IdempotencyReplayedHeader,
    },
    '400': problem('The request is not valid; `errors` names each wrong field', {
      invalidFields: problems.sendInvalid(route),
      mixedKinds: problems.sendMixedKinds(route),
      unknownField: problems.sendUnknownField(route),
      malformedJson: problems.malformedJson(route),
      badIdempotencyKey: problems.badIdempotencyKey(route),
    }),
    ...idempotencyErrors(route),
    '422': problem(
      'The recipient said no (docs/COMPLIANCE.md): they opted out of SMS from this sender (`recipient_opted_out`), or the address is on the suppression list (`recipient_suppressed`); nothing was stored. Or a call (`voice`, `voicemail`) to or from an email address, naming the field; or this `Idempotency-Key` was already used for a different request (another route or body): use a new key',
      {
        optedOut: problems.recipientOptedOut(route),
        suppressed: problems.recipientSuppressed(route),
        callToEmail: problems.callToEmail(route),
        keyReused: problems.idempotencyReused(route),
      },
    ),
    ...bodyErrors(route),
    ...serviceErrors(route),
    '503': problem(
      'conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a send that timed out answers the message if it was stored; without one, read it back before resending',
      {
        unavailable: problems.unavailable(route),
        idempotencyUnavailable: problems.idempotencyUnavailable(route),
      },
    ),
  };
}
