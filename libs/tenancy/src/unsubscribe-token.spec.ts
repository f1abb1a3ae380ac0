import { createHmac } from 'node:crypto';
import {
  signUnsubscribeToken,
  unsubscribeLinks,
  verifyUnsubscribeToken,
} from './unsubscribe-token';

const SECRET = 'u'.repeat(40);
const subject = { tenantId: 'acme', channel: 'email' as const, address: 'jane@example.com' };

describe('unsubscribe tokens', () => {
  it('verify what was signed with the same secret, and say whom they unsubscribe', () => {
    const token = signUnsubscribeToken(SECRET, subject);
    expect(token).toMatch(/^v1\.[\w-]+\.[\w-]{43}$/);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual(subject);
  });

  it('refuse another secret, a changed payload, a changed or cut signature, and junk', () => {
    const token = signUnsubscribeToken(SECRET, subject);
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const other = signUnsubscribeToken(SECRET, { ...subject, address: 'john@example.com' });
    const otherPayload = other.split('.')[1]!;
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const forged of [
      signUnsubscribeToken('another secret of enough length!!', subject),
      `${version}.${otherPayload}.${signature}`,
      `${version}.${payload}.${flipped}`,
      `${version}.${payload}.${signature.slice(0, 20)}`,
      `${version}.${payload}`,
      `v2.${payload}.${signature}`,
      '',
      'x'.repeat(5000),
    ]) {
      expect(verifyUnsubscribeToken(SECRET, forged)).toBeUndefined();
    }
  });

  it('refuse a well-signed payload that is not a tenant, channel and address', () => {
    const payload = Buffer.from(JSON.stringify(['acme', 'phone', '+15550100'])).toString(
      'base64url',
    );
    const mac = createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url');
    expect(verifyUnsubscribeToken(SECRET, `v1.${payload}.${mac}`)).toBeUndefined();
  });

  it('make the https and mailto links of a recipient, under the public base URL', () => {
    const links = unsubscribeLinks({
      secret: SECRET,
      publicBaseUrl: 'https://api.example.com/',
      mailbox: 'unsubscribe@mail.example.com',
    })({ tenant_id: 'acme', to: 'jane@example.com' });
    const token = signUnsubscribeToken(SECRET, subject);
    expect(links).toEqual({
      url: `https://api.example.com/api/v1/webhooks/unsubscribe/${token}`,
      mailto: `mailto:unsubscribe@mail.example.com?subject=unsubscribe%20${token}`,
    });
  });
});
