/** GSM 03.38 basic character set (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table: each costs an escape plus the character (two septets). */
const GSM_EXTENDED = '^{}\\[~]|€\f';

const codes = (chars: string) => new Set(Array.from(chars, (ch) => ch.charCodeAt(0)));
const basic = codes(GSM_BASIC);
const extended = codes(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentation {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

/** Single-message capacity and per-part capacity once a User Data Header is needed. */
export const SEGMENT_CAPACITY = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const;

/**
 * How an SMS body will be encoded and how many segments it costs.
 *
 * @example segmentSms('Hello') // { encoding: 'GSM-7', units: 5, segments: 1 }
 */
export function segmentSms(body: string): SmsSegmentation {
  // Every GSM character is one UTF-16 code unit: one indexed pass, no per-character strings.
  let septets = 0;
  let gsm = true;
  for (let i = 0; i < body.length; i += 1) {
    const code = body.charCodeAt(i);
    if (basic.has(code)) septets += 1;
    else if (extended.has(code)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const units = gsm ? septets : body.length;
  const capacity = SEGMENT_CAPACITY[encoding];
  const segments = units <= capacity.single ? 1 : Math.ceil(units / capacity.multipart);
  return { encoding, units, segments };
}
