import { createHmac } from 'node:crypto';
import twilio from 'twilio';

/** Form parameters of a Twilio webhook (repeated keys arrive as arrays). */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

function flatten(params: TwilioParams): Record<string, string> {
  // Twilio signs a repeated key once per value; validateRequest expects the flat form it posted.
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join('') : (v as string)]),
  );
}

/**
 * Checks `X-Twilio-Signature` with the twilio package's own validator, over the exact public URL
 * Twilio called and the form parameters it posted.
 *
 * @example verifyTwilioSignature(authToken, req.get('x-twilio-signature'), 'https://api.example.com/api/v1/webhooks/twilio', req.body)
 */
export function verifyTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: TwilioParams,
): boolean {
  return twilio.validateRequest(authToken, signature, url, flatten(params));
}

/**
 * The signature Twilio would send for this request: what provider-sandbox attaches to its
 * callbacks. Twilio's algorithm, without the SDK helper's detours (the sandbox signs thousands
 * a second): HMAC-SHA1 keyed with the auth token over the URL followed by each parameter's name
 * and value, names in sorted order, in base64. `verifyTwilioSignature` accepts it.
 */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  const flat = flatten(params);
  let signed = url;
  for (const key of Object.keys(flat).sort()) signed += `${key}${flat[key]}`;
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}
