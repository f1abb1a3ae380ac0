import type { RequestHandler } from 'express';
import { parseBearer, secretsEqual } from './credentials';
import { TelnyxApiError } from './telnyx-errors';

/**
 * Telnyx's v2 authentication: `Authorization: Bearer <API key>`.
 *
 * @example router.post('/v2/messages', telnyxAuthenticator(apiKey), send);
 */
export function telnyxAuthenticator(apiKey: string): RequestHandler {
  return (req, _res, next) => {
    const token = parseBearer(req.get('authorization'));
    next(
      token !== undefined && secretsEqual(token, apiKey)
        ? undefined
        : TelnyxApiError.unauthorized(),
    );
  };
}
