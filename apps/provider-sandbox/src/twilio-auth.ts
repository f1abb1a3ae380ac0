import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { parseBasicAuth, secretsEqual } from './credentials';
import { TwilioApiError } from './twilio-errors';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether an `Authorization` header holds the account's credentials for the account in the
 * path: the account must be the caller's own, and the caller must hold its auth token (basic
 * auth). The header every client sends — `Basic base64(sid:token)` — is checked with one hash;
 * any other spelling is parsed.
 *
 * @example const valid = twilioCredentials(sid, token); valid(req.headers.authorization, sidInPath);
 */
export function twilioCredentials(
  accountSid: string,
  authToken: string,
): (authorization: string | undefined, pathAccountSid: string) => boolean {
  const usual = sha256(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`);
  return (authorization, pathAccountSid) => {
    if (pathAccountSid !== accountSid) return false;
    // Compared in constant time, as `secretsEqual` does.
    if (authorization !== undefined && timingSafeEqual(sha256(authorization), usual)) return true;
    const credentials = parseBasicAuth(authorization);
    return (
      credentials !== undefined &&
      credentials.username === accountSid &&
      secretsEqual(credentials.password, authToken)
    );
  };
}

/**
 * Twilio's REST authentication (see `twilioCredentials`) as express middleware.
 *
 * @example router.post('/2010-04-01/Accounts/:AccountSid/Calls.json', twilioAuthenticator(sid, token), create);
 */
export function twilioAuthenticator(
  accountSid: string,
  authToken: string,
): RequestHandler<{ AccountSid: string }> {
  const valid = twilioCredentials(accountSid, authToken);
  return (req, _res, next) => {
    next(
      valid(req.get('authorization'), req.params.AccountSid)
        ? undefined
        : TwilioApiError.authenticate(),
    );
  };
}
