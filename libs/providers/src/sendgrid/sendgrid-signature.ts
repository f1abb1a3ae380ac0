import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { EventWebhookHeader } from '@sendgrid/eventwebhook';

/** The header carrying the signature of SendGrid's Event Webhook (as express reads it). */
export const SENDGRID_SIGNATURE_HEADER = EventWebhookHeader.SIGNATURE().toLowerCase();
/** The header carrying the signing time (Unix seconds), signed along with the body. */
export const SENDGRID_TIMESTAMP_HEADER = EventWebhookHeader.TIMESTAMP().toLowerCase();

/** SendGrid's Event Webhook verification key, parsed once. */
export type SendGridPublicKey = KeyObject;

/**
 * The verification key as SendGrid's settings page shows it (base64 DER SubjectPublicKeyInfo,
 * ECDSA P-256). Throws when the text is not such a key, so a service refuses to start with a
 * wrong one.
 *
 * @example const key = sendGridPublicKey(config.SENDGRID_WEBHOOK_PUBLIC_KEY)
 */
export function sendGridPublicKey(base64Der: string): SendGridPublicKey {
  return createPublicKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'spki' });
}

/**
 * Verifies SendGrid's Event Webhook signature: ECDSA P-256 / SHA-256 over the timestamp header
 * followed by the request body, base64 DER. A signature that is not even well-formed is `false`,
 * never an exception.
 *
 * The check is the one `@sendgrid/eventwebhook` makes, run by OpenSSL through `node:crypto`: the
 * package's `verifySignature` does the curve arithmetic in JavaScript and costs about 5.7 ms of
 * CPU per verification against 0.09 ms here (a 10-event batch, P-256, Node 20, 2-core machine).
 * Every email costs two signed batches, and every forged request one verification before it is
 * refused, so the difference is a service's capacity. The spec checks both agree.
 *
 * @example verifySendGridSignature(key, req.body, req.get(SENDGRID_SIGNATURE_HEADER), timestamp)
 */
export function verifySendGridSignature(
  publicKey: SendGridPublicKey,
  rawBody: Buffer | string,
  signature: string,
  timestamp: string,
): boolean {
  try {
    return verify(
      'sha256',
      Buffer.concat([Buffer.from(timestamp), Buffer.from(rawBody)]),
      publicKey,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** Signs an event batch as SendGrid would (base64 DER PKCS#8 private key): for provider-sandbox. */
export function signSendGridPayload(
  privateKeyBase64Der: string,
  rawBody: string,
  timestamp: string,
): string {
  const key = createPrivateKey({
    key: Buffer.from(privateKeyBase64Der, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  return sign(
    'sha256',
    Buffer.concat([Buffer.from(timestamp), Buffer.from(rawBody)]),
    key,
  ).toString('base64');
}
