import { z } from 'zod';
import { requiredText, tolerated } from './webhook-fields';

/*
 * Twilio's requests about a call to one of our numbers. Open like the message webhook: Twilio adds
 * parameters over time and signs every one, so none is refused. Addresses are bounded and
 * normalised in webhook-ingest, as for messages.
 */

const CallSid = requiredText('CallSid').meta({
  description: "Twilio's id for the call",
  examples: ['CA0123456789abcdef0123456789abcdef'],
});
const AccountSid = z
  .string()
  .optional()
  .meta({ description: 'The Twilio account', examples: ['AC0123456789abcdef0123456789abcdef'] });
const RecordingSid = z
  .string()
  .optional()
  .meta({
    description: "Twilio's id for the recording",
    examples: ['RE0123456789abcdef0123456789abcdef'],
  });
const RecordingUrl = z
  .string()
  .optional()
  .meta({
    description: 'Where the recording can be fetched (with the account credentials)',
    examples: [
      'https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE0123456789abcdef0123456789abcdef',
    ],
  });
/** Who called and which of our numbers, on the callbacks that repeat them (optional there). */
const Caller = z
  .string()
  .optional()
  .meta({ description: 'The caller', examples: ['+15559876543'] });
const Called = z
  .string()
  .optional()
  .meta({ description: 'Our number that was called', examples: ['+15551234567'] });
const RecordingDuration = tolerated(z.string()).meta({
  description: 'Length of the recording in seconds',
  examples: ['7'],
});

/**
 * `POST /api/v1/webhooks/twilio/voice` (a number's "A call comes in") and
 * `…/voice/recorded` (the `<Record>` verb's `action`): the call, and once the caller finished
 * speaking, the recording.
 */
export const TwilioVoiceCallForm = z
  .object({
    CallSid,
    AccountSid,
    From: requiredText('From').meta({
      description: 'The caller (E.164, or a word such as `anonymous` when withheld)',
      examples: ['+15559876543'],
    }),
    To: requiredText('To').meta({
      description: 'Our number that was called (E.164)',
      examples: ['+15551234567'],
    }),
    CallStatus: z
      .string()
      .optional()
      .meta({ description: 'The call status when Twilio asked', examples: ['ringing'] }),
    Direction: z
      .string()
      .optional()
      .meta({ description: '`inbound` for a call to one of our numbers', examples: ['inbound'] }),
    RecordingSid: RecordingSid.describe('`action` requests: the recording just made'),
    RecordingUrl: RecordingUrl.describe('`action` requests: where the recording is'),
    RecordingDuration,
    Digits: z
      .string()
      .optional()
      .describe('`action` requests: the key that ended the recording, or `hangup`'),
  })
  .catchall(z.string())
  .describe('Twilio voice webhook parameters (form-encoded); other parameters are accepted too');
export type TwilioVoiceCallForm = z.infer<typeof TwilioVoiceCallForm>;

/** `POST /api/v1/webhooks/twilio/voice/recording`: the `<Record>` verb's `recordingStatusCallback`. */
export const TwilioRecordingStatusForm = z
  .object({
    CallSid,
    AccountSid,
    RecordingSid: requiredText('RecordingSid').meta({
      description: "Twilio's id for the recording",
      examples: ['RE0123456789abcdef0123456789abcdef'],
    }),
    RecordingUrl: requiredText('RecordingUrl').meta({
      description: 'Where the recording can be fetched (with the account credentials)',
      examples: ['https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE…'],
    }),
    RecordingStatus: z
      .string()
      .optional()
      .meta({
        description: 'Only `completed` makes a voicemail; any other status is acknowledged only',
        examples: ['completed'],
      }),
    RecordingDuration,
  })
  .catchall(z.string())
  .describe('Twilio recording status callback parameters (form-encoded)');
export type TwilioRecordingStatusForm = z.infer<typeof TwilioRecordingStatusForm>;

/** `POST /api/v1/webhooks/twilio/voice/transcription`: the `<Record>` verb's `transcribeCallback`. */
export const TwilioTranscriptionForm = z
  .object({
    CallSid,
    AccountSid,
    From: Caller,
    To: Called,
    RecordingSid,
    RecordingUrl,
    TranscriptionSid: z
      .string()
      .optional()
      .meta({
        description: "Twilio's id for the transcription",
        examples: ['TR0123456789abcdef0123456789abcdef'],
      }),
    TranscriptionText: z
      .string()
      .optional()
      .meta({ description: 'What the caller said', examples: ['Please call me back'] }),
    TranscriptionStatus: z
      .string()
      .optional()
      .meta({
        description: '`completed`, or `failed` (the voicemail then keeps an empty body)',
        examples: ['completed'],
      }),
  })
  .catchall(z.string())
  .describe('Twilio transcription callback parameters (form-encoded)');
export type TwilioTranscriptionForm = z.infer<typeof TwilioTranscriptionForm>;

/**
 * `POST /api/v1/webhooks/twilio/voice/inbound-status`: the status callback of a call to one of our
 * numbers. Only `completed` (and the other final statuses) changes anything: a call that ended
 * without a recording is a missed call.
 */
export const TwilioInboundCallStatusForm = z
  .object({
    CallSid,
    AccountSid,
    From: Caller,
    To: Called,
    CallStatus: z
      .string()
      .optional()
      .meta({
        description:
          '`completed`, `busy`, `no-answer`, `canceled` or `failed` end the call; others are acknowledged only',
        examples: ['completed'],
      }),
    CallDuration: tolerated(z.string()).meta({ description: 'Seconds', examples: ['12'] }),
  })
  .catchall(z.string())
  .describe('Twilio call status callback parameters (form-encoded)');
export type TwilioInboundCallStatusForm = z.infer<typeof TwilioInboundCallStatusForm>;
