import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Headers of SendGrid's signed Event Webhook. */
export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/** A base64 DER (SubjectPublicKeyInfo) ECDSA P-256 key, as SendGrid's settings page shows it. */
export function sendGridPublicKey(base64Der: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'spki' });
}

/**
 * Verifies SendGrid's Event Webhook signature: ECDSA P-256 / SHA-256 over the timestamp header
 * followed by the raw request body, base64 DER-encoded.
 */
export function verifySendGridSignature(
  publicKey: KeyObject,
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
