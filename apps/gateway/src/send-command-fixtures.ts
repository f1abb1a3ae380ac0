// What the send-command specs share: a tenant, and requests sent or refused as the route would.
import { AppError, SendMessageRequest, type FieldError } from '@switchboard/contracts';
import { toSendCommand } from './send-command';

export const TENANT = 'tenant-1';

/** A request as the route has it: parsed by the contracts schema first. */
export function request(input: Record<string, unknown>): SendMessageRequest {
  return SendMessageRequest.parse(input);
}

export function send(input: Record<string, unknown>, defaultCountry = 'US') {
  return toSendCommand(request(input), TENANT, defaultCountry);
}

/** The field errors a request is refused with. */
export function refusal(input: Record<string, unknown>): readonly FieldError[] {
  try {
    send(input);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    expect(err.code).toBe('validation_failed');
    return err.fields;
  }
  throw new Error('expected the request to be refused');
}

export const fieldsOf = (errors: readonly FieldError[]) => errors.map((e) => e.field);
