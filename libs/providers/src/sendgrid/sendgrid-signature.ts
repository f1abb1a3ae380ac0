import { createPrivateKey, sign } from 'node:crypto';
import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';

/** The header carrying the signature of SendGrid's Event Webhook (as express reads it). */
export const SENDGRID_SIGNATURE_HEADER = EventWebhookHeader.SIGNATURE().toLowerCase();
/** The header carrying the signing time (Unix seconds), signed along with the body. */
export const SENDGRID_TIMESTAMP_HEADER = EventWebhookHeader.TIMESTAMP().toLowerCase();

const eventWebhook = new EventWebhook();

/** SendGrid's Event Webhook verification key, parsed once. Opaque: only this module reads it. */
export type SendGridPublicKey = ReturnType<EventWebhook['convertPublicKeyToECDSA']>;

/**
 * The verification key as SendGrid's settings page shows it (base64 DER, ECDSA P-256). Throws
 * when the text is not such a key, so a service refuses to start with a wrong one.
 *
 * @example const key = sendGridPublicKey(config.SENDGRID_WEBHOOK_PUBLIC_KEY)
 */
export function sendGridPublicKey(base64Der: string): SendGridPublicKey {
  return eventWebhook.convertPublicKeyToECDSA(base64Der);
}

/**
 * Verifies SendGrid's Event Webhook signature (ECDSA P-256 / SHA-256 over the timestamp header
 * followed by the request body) with SendGrid's own `@sendgrid/eventwebhook`. A signature that
 * is not even well-formed is `false`, never an exception.
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
    return eventWebhook.verifySignature(publicKey, rawBody, signature, timestamp);
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
