import {
  AddressError,
  normalizeAddress,
  normalizePhone,
  type CountryCode,
} from '@switchboard/addressing';
import { AppError } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';

type Db = Kysely<Database>;

/** The longest greeting a number may have: a few sentences, spoken in well under a minute. */
export const VOICE_GREETING_MAX_CHARS = 500;

export interface AddressVoiceSettings {
  address: string;
  tenant_id: string;
  /** What callers hear before the beep; null: the default greeting. */
  voice_greeting: string | null;
  /** Where calls are forwarded (E.164); null: callers leave a voicemail. */
  voice_forward_to: string | null;
}

interface Target {
  tenantId: string;
  address: string;
  defaultCountry?: string;
}

/** The tenant's claimed number, normalised; any other address is refused naming the field. */
function numberOf(target: Target): string {
  try {
    const { kind, value } = normalizeAddress(
      target.address,
      (target.defaultCountry ?? 'US') as CountryCode,
    );
    if (kind !== 'phone') throw new AddressError('must be a phone number: only numbers take calls');
    return value;
  } catch (err) {
    if (err instanceof AddressError) {
      throw AppError.validation([{ field: 'address', message: err.message }]);
    }
    throw err;
  }
}

async function update(
  db: Db,
  target: Target,
  set: Partial<Pick<AddressVoiceSettings, 'voice_greeting' | 'voice_forward_to'>>,
): Promise<AddressVoiceSettings> {
  const number = numberOf(target);
  const row = await db
    .updateTable('tenant_addresses')
    .set(set)
    .where('address', '=', number)
    .where('tenant_id', '=', target.tenantId)
    .returning(['address', 'tenant_id', 'voice_greeting', 'voice_forward_to'])
    .executeTakeFirst();
  if (!row) throw AppError.notFound(`Number ${number} of ${target.tenantId}`);
  return row;
}

/**
 * Forwards calls to one of the tenant's numbers to `forwardTo` (`<Dial>`), or, with null, lets
 * callers leave a voicemail again. Only the number's owner can.
 *
 * @example await setVoiceForward(db, { tenantId: 'acme', address: '+15551234567', forwardTo: '+15557654321' })
 */
export async function setVoiceForward(
  db: Db,
  input: Target & { forwardTo: string | null },
): Promise<AddressVoiceSettings> {
  let forwardTo: string | null = null;
  if (input.forwardTo !== null) {
    try {
      forwardTo = normalizePhone(input.forwardTo, (input.defaultCountry ?? 'US') as CountryCode);
    } catch (err) {
      if (!(err instanceof AddressError)) throw err;
      throw AppError.validation([{ field: 'forward_to', message: err.message }]);
    }
  }
  return update(db, input, { voice_forward_to: forwardTo });
}

/**
 * What callers to one of the tenant's numbers hear before the beep; null restores the default.
 *
 * @example await setVoiceGreeting(db, { tenantId: 'acme', address: '+15551234567', greeting: 'You reached Acme.' })
 */
export async function setVoiceGreeting(
  db: Db,
  input: Target & { greeting: string | null },
): Promise<AddressVoiceSettings> {
  const greeting = input.greeting?.trim() || null;
  if (greeting !== null && greeting.length > VOICE_GREETING_MAX_CHARS) {
    throw AppError.validation([
      { field: 'greeting', message: `must be at most ${VOICE_GREETING_MAX_CHARS} characters` },
    ]);
  }
  return update(db, input, { voice_greeting: greeting });
}
