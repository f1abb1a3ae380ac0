import { parsePhoneNumberFromString } from 'libphonenumber-js';
import metadata from 'libphonenumber-js/metadata.min.json';
import { segmentSms } from '@switchboard/addressing';
import { contentTypeOf } from './media-types';
import { TWILIO_API_VERSION } from './twilio-message';

/** An SMS or MMS arriving at one of our numbers. */
export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** Media URLs (typed by their extension), or URLs of media the sandbox serves, with their type. */
  media: readonly (string | { url: string; contentType: string })[];
}

/**
 * A number's country as Twilio reports it (`US`): the one its number plan says, else the main
 * country of its calling code (test ranges such as 555 belong to no plan), else ''.
 */
export function countryOf(number: string): string {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed) return '';
  return parsed.country ?? metadata.country_calling_codes[parsed.countryCallingCode]?.[0] ?? '';
}

/**
 * The form Twilio posts to a number's messaging webhook for an incoming message, with Twilio's
 * own field names. Location fields Twilio fills from carrier data are sent empty.
 */
export function twilioInboundParams(
  message: InboundSms,
  accountSid: string,
  sid: string,
): Record<string, string> {
  const media = Object.fromEntries(
    message.media.flatMap((item, i) => {
      const { url, contentType } =
        typeof item === 'string' ? { url: item, contentType: contentTypeOf(item) } : item;
      return [
        [`MediaContentType${i}`, contentType],
        [`MediaUrl${i}`, url],
      ];
    }),
  );
  return {
    ToCountry: countryOf(message.to),
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: String(message.media.length),
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: message.body,
    FromCountry: countryOf(message.from),
    To: message.to,
    ToZip: '',
    NumSegments: String(segmentSms(message.body).segments),
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: accountSid,
    From: message.from,
    ApiVersion: TWILIO_API_VERSION,
    ...media,
  };
}
