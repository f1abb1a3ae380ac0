import { generateKeyPairSync } from 'node:crypto';
import { EventWebhook } from '@sendgrid/eventwebhook';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  sendGridPublicKey,
  signSendGridPayload,
  verifySendGridSignature,
} from '../index';

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicKeyText = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const privateKeyText = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

describe('SendGrid Event Webhook signatures', () => {
  const key = sendGridPublicKey(publicKeyText);
  const body = JSON.stringify([{ event: 'delivered', email: 'ada@example.com', timestamp: 1 }]);
  const timestamp = '1700000000';
  const signature = signSendGridPayload(privateKeyText, body, timestamp);

  it('names the headers SendGrid sends, as express reads them', () => {
    expect(SENDGRID_SIGNATURE_HEADER).toBe('x-twilio-email-event-webhook-signature');
    expect(SENDGRID_TIMESTAMP_HEADER).toBe('x-twilio-email-event-webhook-timestamp');
  });

  it('accepts a batch signed over the timestamp and the body, as a string or bytes', () => {
    expect(verifySendGridSignature(key, body, signature, timestamp)).toBe(true);
    expect(verifySendGridSignature(key, Buffer.from(body), signature, timestamp)).toBe(true);
  });

  it('refuses a changed body, a changed timestamp or another key', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'der', type: 'spki' })
      .toString('base64');
    expect(verifySendGridSignature(key, `${body} `, signature, timestamp)).toBe(false);
    expect(verifySendGridSignature(key, body, signature, '1700000001')).toBe(false);
    expect(verifySendGridSignature(sendGridPublicKey(other), body, signature, timestamp)).toBe(
      false,
    );
  });

  it.each(['', 'not base64 at all!', 'AAAA', Buffer.alloc(80, 0xff).toString('base64')])(
    'answers false, without throwing, for the malformed signature %j',
    (garbage) => {
      expect(verifySendGridSignature(key, body, garbage, timestamp)).toBe(false);
    },
  );

  it("agrees with SendGrid's own verifier on every case", () => {
    const sendgrid = new EventWebhook();
    const theirKey = sendgrid.convertPublicKeyToECDSA(publicKeyText);
    const cases: [string, string, string][] = [
      [body, signature, timestamp],
      [`${body} `, signature, timestamp],
      [body, signature, '1700000001'],
      [body, signSendGridPayload(privateKeyText, `${body} `, timestamp), timestamp],
    ];
    for (const [payload, sig, ts] of cases) {
      expect(verifySendGridSignature(key, payload, sig, ts)).toBe(
        sendgrid.verifySignature(theirKey, payload, sig, ts),
      );
    }
    expect(cases.map(([p, s, t]) => verifySendGridSignature(key, p, s, t))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('refuses to read a verification key that is not one', () => {
    expect(() => sendGridPublicKey('bm90IGEga2V5')).toThrow();
  });
});
