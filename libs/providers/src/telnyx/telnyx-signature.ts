import { createPrivateKey, sign } from 'node:crypto';
import { TelnyxWebhook, TelnyxWebhookVerificationError } from 'telnyx/lib/webhooks';

export const TELNYX_SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TELNYX_TIMESTAMP_HEADER = 'telnyx-timestamp';

/**
 * The headers Telnyx signs a webhook with: an Ed25519 signature over `<timestamp>|<body>`, the
 * timestamp in Unix seconds. What provider-sandbox attaches to its TeXML callbacks.
 *
 * @example signTelnyxWebhook(privateKeyPkcs8Base64, 'CallSid=v3%3A…&CallStatus=completed')
 */
export function signTelnyxWebhook(
  privateKey: string,
  body: string,
  timestampS = Math.floor(Date.now() / 1000),
): Record<typeof TELNYX_SIGNATURE_HEADER | typeof TELNYX_TIMESTAMP_HEADER, string> {
  const key = createPrivateKey({
    key: Buffer.from(privateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const signature = sign(null, Buffer.from(`${timestampS}|${body}`), key);
  return {
    [TELNYX_SIGNATURE_HEADER]: signature.toString('base64'),
    [TELNYX_TIMESTAMP_HEADER]: String(timestampS),
  };
}

/**
 * Checks a Telnyx webhook's signature and freshness (five minutes either way) with the `telnyx`
 * SDK's own verifier. `publicKey` is the base64 key Telnyx's portal shows.
 *
 * @example await verifyTelnyxWebhook(publicKey, req.headers, rawBody)
 */
export async function verifyTelnyxWebhook(
  publicKey: string,
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  body: string,
): Promise<boolean> {
  const flat = Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value]] : [],
    ),
  );
  try {
    await new TelnyxWebhook(publicKey).verify(body, flat);
    return true;
  } catch (err) {
    if (err instanceof TelnyxWebhookVerificationError) return false;
    throw err;
  }
}
