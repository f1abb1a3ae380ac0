import type { RequestHandler } from 'express';
import { parseBasicAuth, secretsEqual } from './credentials';
import { TwilioApiError } from './twilio-errors';

/**
 * Twilio's REST authentication: the account in the path must be the caller's own, and the
 * caller must hold its auth token (basic auth).
 *
 * @example router.post('/2010-04-01/Accounts/:AccountSid/Calls.json', twilioAuthenticator(sid, token), create);
 */
export function twilioAuthenticator(
  accountSid: string,
  authToken: string,
): RequestHandler<{ AccountSid: string }> {
  return (req, _res, next) => {
    const credentials = parseBasicAuth(req.get('authorization'));
    const valid =
      credentials !== undefined &&
      credentials.username === req.params.AccountSid &&
      credentials.username === accountSid &&
      secretsEqual(credentials.password, authToken);
    next(valid ? undefined : TwilioApiError.authenticate());
  };
}
