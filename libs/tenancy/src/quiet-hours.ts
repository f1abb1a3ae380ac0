import {
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';

/** A daily window in the recipient's local time, in minutes after midnight; `end` is exclusive. */
export interface QuietHours {
  start: number;
  end: number;
}

const MINUTES_PER_DAY = 24 * 60;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const minutesOf = (text: string): number | undefined => {
  const match = HH_MM.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
};

/** `21:00-08:00` → `{ start: 1260, end: 480 }`; undefined when it is not two distinct HH:MM. */
export function parseQuietHours(text: string): QuietHours | undefined {
  const [from, to, ...rest] = text.split('-');
  if (from === undefined || to === undefined || rest.length) return undefined;
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (start === undefined || end === undefined || start === end) return undefined;
  return { start, end };
}

/** `{ start: 1260, end: 480 }` → `21:00-08:00`. */
export function formatQuietHours(hours: QuietHours): string {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(hours.start)}-${hhmm(hours.end)}`;
}

/*
 * Where a number's recipient most likely is. NANP numbers (+1) by area code where the code lies
 * in one zone (or mostly: a code split between zones takes the zone most of its people live in);
 * other numbers by country, a country spanning several zones taking its most populous one.
 */
const NANP_ZONES: Record<string, string> = {};
const nanp = (zone: string, codes: string) => {
  for (const code of codes.split(' ')) NANP_ZONES[code] = zone;
};
nanp(
  'America/Los_Angeles',
  '209 213 279 310 323 341 350 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858 909 916 925 949 951 ' +
    '206 253 360 425 509 564 458 503 541 971 702 725 775 ' +
    '236 250 604 672 778',
);
nanp(
  'America/Denver',
  '303 719 720 970 983 385 435 801 505 575 208 986 406 307 915 368 403 587 780 825',
);
nanp('America/Phoenix', '480 520 602 623 928');
nanp(
  'America/Chicago',
  '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979 ' +
    '217 224 309 312 331 447 464 618 630 708 773 779 815 847 872 218 320 507 612 651 763 952 ' +
    '262 274 414 534 608 715 920 314 417 557 573 636 660 816 975 319 515 563 641 712 ' +
    '327 479 501 870 225 318 337 504 985 228 601 662 769 205 251 256 334 659 938 ' +
    '405 539 572 580 918 316 620 785 913 308 402 531 701 605 615 629 731 901 931',
);
nanp('America/Winnipeg', '204 431');
nanp('America/Regina', '306 639');
nanp('America/Halifax', '782 902 506');
nanp('America/St_Johns', '709');
nanp('America/Anchorage', '907');
nanp('Pacific/Honolulu', '808');
nanp('America/Puerto_Rico', '787 939');

const COUNTRY_ZONES: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  CO: 'America/Bogota',
  PE: 'America/Lima',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  PT: 'Europe/Lisbon',
  ES: 'Europe/Madrid',
  FR: 'Europe/Paris',
  BE: 'Europe/Brussels',
  NL: 'Europe/Amsterdam',
  LU: 'Europe/Luxembourg',
  DE: 'Europe/Berlin',
  CH: 'Europe/Zurich',
  AT: 'Europe/Vienna',
  IT: 'Europe/Rome',
  DK: 'Europe/Copenhagen',
  NO: 'Europe/Oslo',
  SE: 'Europe/Stockholm',
  FI: 'Europe/Helsinki',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  GR: 'Europe/Athens',
  RO: 'Europe/Bucharest',
  TR: 'Europe/Istanbul',
  RU: 'Europe/Moscow',
  UA: 'Europe/Kyiv',
  IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai',
  SA: 'Asia/Riyadh',
  EG: 'Africa/Cairo',
  NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi',
  ZA: 'Africa/Johannesburg',
  IN: 'Asia/Kolkata',
  PK: 'Asia/Karachi',
  TH: 'Asia/Bangkok',
  ID: 'Asia/Jakarta',
  MY: 'Asia/Kuala_Lumpur',
  SG: 'Asia/Singapore',
  PH: 'Asia/Manila',
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  TW: 'Asia/Taipei',
  KR: 'Asia/Seoul',
  JP: 'Asia/Tokyo',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
};

/**
 * The same zones by calling code, for numbers whose country the number plan does not pin down
 * (a range not assigned yet, a dependency sharing the code: +44 Guernsey): the code's first
 * country above (+1 the US, +7 Russia, +44 the UK).
 */
const CALLING_CODE_ZONES: Record<string, string> = {};
for (const [country, zone] of Object.entries(COUNTRY_ZONES)) {
  CALLING_CODE_ZONES[getCountryCallingCode(country as CountryCode)] ??= zone;
}

/**
 * The time zone a phone number's recipient is taken to be in, or undefined when the number's
 * country is not one we know the zone of (such numbers are not held).
 *
 * @example recipientTimeZone('+14155550100') // 'America/Los_Angeles'
 */
export function recipientTimeZone(e164: string): string | undefined {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return undefined;
  if (number.countryCallingCode === '1') {
    const zone = NANP_ZONES[number.nationalNumber.slice(0, 3)];
    if (zone) return zone;
  }
  return (
    (number.country ? COUNTRY_ZONES[number.country] : undefined) ??
    CALLING_CODE_ZONES[number.countryCallingCode]
  );
}

/** The wall-clock time in a zone: minutes after midnight, and the seconds and ms past the minute. */
function localTime(now: Date, timeZone: string): { minutes: number; intoMinuteMs: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    minutes: part('hour') * 60 + part('minute'),
    intoMinuteMs: now.getUTCSeconds() * 1000 + now.getUTCMilliseconds(),
  };
}

/**
 * When a message held at `now` may go: the end of the quiet window in the recipient's zone, or
 * undefined when `now` is outside it. Computed on the wall clock of that day: across a daylight
 * saving change inside the window the release may be an hour early or late.
 *
 * @example quietUntil(new Date('2026-12-07T05:00:00Z'), { start: 1260, end: 480 }, 'America/New_York') // 13:00Z
 */
export function quietUntil(now: Date, hours: QuietHours, timeZone: string): Date | undefined {
  const { minutes, intoMinuteMs } = localTime(now, timeZone);
  const inside =
    hours.start < hours.end
      ? minutes >= hours.start && minutes < hours.end
      : minutes >= hours.start || minutes < hours.end;
  if (!inside) return undefined;
  const left = (hours.end - minutes + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return new Date(now.getTime() + left * 60_000 - intoMinuteMs);
}
