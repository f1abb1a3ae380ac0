import {
  AddressError,
  normalizeEmail,
  type CountryCode,
  normalizePhone,
  looksLikeEmail,
  segmentSms,
} from '@switchboard/addressing';
import {
  AppError,
  DEFAULT_MESSAGE_CATEGORY,
  ErrorCodes,
  Limits,
  type FieldError,
  type MessageType,
  type SendMessageCommand,
  type SendMessageRequest,
} from '@switchboard/contracts';
import { unsafeUrlReason } from '@switchboard/net-guard';
import { isMediaId } from '@switchboard/contracts';

const CRLF = /[\r\n]/;
// Other control characters have no place in a mail header either (NUL, ESC, …; tab is fine).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Turns a validated request into a normalised send command, or throws a validation error
 * naming every field that is wrong: addresses normalised (E.164, lower-cased email), the type
 * inferred when omitted, per-channel bounds checked, SMS encoding and segments computed.
 * Attachment URLs must be https and must not point into a private network (unless their host
 * is allow-listed); they are not fetched or resolved here.
 */
export function toSendCommand(
  request: SendMessageRequest,
  tenantId: string,
  defaultCountry: string,
  attachmentHostAllowlist: readonly string[] = [],
): SendMessageCommand {
  const errors: FieldError[] = [];
  const attachments = request.attachments ?? [];
  const fromIsEmail = looksLikeEmail(request.from);
  const toIsEmail = looksLikeEmail(request.to);

  const type: MessageType =
    request.type ?? (fromIsEmail || toIsEmail ? 'email' : attachments.length > 0 ? 'mms' : 'sms');
  const wantsEmail = type === 'email';
  const isCall = type === 'voice' || type === 'voicemail';
  if (isCall && (fromIsEmail || toIsEmail)) {
    // Well-formed, but no call can reach an email address: unprocessable, naming the field.
    throw new AppError(
      ErrorCodes.unprocessable,
      `A ${type} message is a phone call: it needs phone numbers`,
      (['from', 'to'] as const)
        .filter((field) => looksLikeEmail(request[field]))
        .map((field) => ({ field, message: `must be a phone number for a ${type} message` })),
    );
  }

  const normalize = (field: 'from' | 'to', raw: string): string => {
    try {
      if (wantsEmail) {
        if (raw.length > Limits.addressChars) {
          throw new AddressError(`must be at most ${Limits.addressChars} characters`);
        }
        if (CRLF.test(raw)) throw new AddressError('must not contain line breaks');
        return normalizeEmail(raw);
      }
      if (looksLikeEmail(raw))
        throw new AddressError(`must be a phone number for a ${type} message`);
      return normalizePhone(raw, defaultCountry as CountryCode);
    } catch (err) {
      if (!(err instanceof AddressError)) throw err;
      errors.push({ field, message: err.message });
      return raw;
    }
  };
  const from = normalize('from', request.from);
  const to = normalize('to', request.to);
  if (fromIsEmail !== toIsEmail) {
    errors.push({
      field: 'to',
      message: '`from` and `to` must both be phone numbers or both be email addresses',
    });
  }

  if (type === 'email') {
    if (Buffer.byteLength(request.body, 'utf8') > Limits.emailBodyBytes) {
      errors.push({ field: 'body', message: `must be at most ${Limits.emailBodyBytes} bytes` });
    }
    if (request.subject !== undefined && request.subject.length > Limits.subjectChars) {
      errors.push({
        field: 'subject',
        message: `must be at most ${Limits.subjectChars} characters`,
      });
    } else if (request.subject !== undefined && CRLF.test(request.subject)) {
      errors.push({ field: 'subject', message: 'must not contain line breaks' });
    } else if (request.subject !== undefined && CONTROL.test(request.subject)) {
      errors.push({ field: 'subject', message: 'must not contain control characters' });
    }
    if (!request.body.trim() && !request.subject?.trim()) {
      errors.push({ field: 'body', message: 'an email needs a body or a subject' });
    }
  } else if (isCall) {
    errors.push(...callErrors(type, request, attachments));
  } else {
    if (request.body.length > Limits.smsBodyChars) {
      errors.push({ field: 'body', message: `must be at most ${Limits.smsBodyChars} characters` });
    }
    if (request.subject !== undefined) {
      errors.push({ field: 'subject', message: `is only for email, not ${type}` });
    }
    if (type === 'sms' && attachments.length > 0) {
      errors.push({ field: 'attachments', message: 'an sms has no attachments; send it as mms' });
    }
    if (type === 'mms' && attachments.length === 0 && !request.body.trim()) {
      errors.push({ field: 'body', message: 'an mms needs a body or attachments' });
    }
    if (type === 'sms' && !request.body.trim()) {
      errors.push({ field: 'body', message: 'must not be empty' });
    }
  }
  if (!isCall && request.voice !== undefined) {
    errors.push({ field: 'voice', message: `is only for voice and voicemail, not ${type}` });
  }
  attachments.forEach((entry, i) => {
    if (isMediaId(entry)) {
      // A call's audio is fetched by the voice provider from its URL.
      if (isCall)
        errors.push({
          field: `attachments.${i}`,
          message: 'a call plays an https URL, not a media id',
        });
      return;
    }
    const unsafe = unsafeUrlReason(entry, { allowHosts: attachmentHostAllowlist });
    if (unsafe) errors.push({ field: `attachments.${i}`, message: `is refused: ${unsafe}` });
  });
  if (errors.length) throw AppError.validation(errors);

  const segmentation = type === 'email' || isCall ? undefined : segmentSms(request.body);
  return {
    tenant_id: tenantId,
    type,
    from,
    to,
    subject: type === 'email' ? (request.subject ?? '') : null,
    body: request.body,
    attachments,
    metadata: request.metadata ?? null,
    timestamp: request.timestamp ?? null,
    encoding: segmentation?.encoding ?? null,
    segments: segmentation?.segments ?? null,
    voice: isCall ? (request.voice ?? { on_human: 'play' }) : null,
    category: request.category ?? DEFAULT_MESSAGE_CATEGORY,
  };
}

/**
 * A call's bounds: it speaks its body (within what text-to-speech takes) or plays one audio
 * file, the first attachment; it has no subject.
 */
function callErrors(
  type: MessageType,
  request: SendMessageRequest,
  attachments: readonly string[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (request.body.length > Limits.voiceBodyChars) {
    errors.push({ field: 'body', message: `must be at most ${Limits.voiceBodyChars} characters` });
  }
  if (request.subject !== undefined) {
    errors.push({ field: 'subject', message: `is only for email, not ${type}` });
  }
  if (attachments.length > 1) {
    errors.push({
      field: 'attachments',
      message: `a ${type} message plays at most one audio file`,
    });
  }
  if (attachments.length === 0 && !request.body.trim()) {
    errors.push({ field: 'body', message: `a ${type} message needs a body or an audio file` });
  }
  return errors;
}
