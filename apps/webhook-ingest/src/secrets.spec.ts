import type { Request } from 'express';
import { verifySecret } from './secrets';
import { SignatureVerdicts } from './webhook-log.repository';

const request = (query: Record<string, string>, authorization?: string) =>
  ({
    query,
    get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
  }) as unknown as Request;

const basic = (password: string) =>
  `Basic ${Buffer.from(`sendgrid:${password}`).toString('base64')}`;

describe('verifySecret', () => {
  const secret = 's'.repeat(32);

  it('accepts the configured secret as ?token=, bearer or basic-auth password', () => {
    expect(verifySecret(request({ token: secret }), secret, false)).toBe(SignatureVerdicts.valid);
    expect(verifySecret(request({}, `Bearer ${secret}`), secret, false)).toBe(
      SignatureVerdicts.valid,
    );
    expect(verifySecret(request({}, basic(secret)), secret, false)).toBe(SignatureVerdicts.valid);
    expect(verifySecret(request({ token: `${secret}x` }), secret, false)).toBe(
      SignatureVerdicts.invalid,
    );
  });

  it.each([true, false])(
    'never verifies anything against an empty secret (anonymous allowed: %p)',
    (allowMissing) => {
      for (const req of [request({ token: '' }), request({}, basic('')), request({ token: 'x' })]) {
        expect(verifySecret(req, '', allowMissing)).toBe(SignatureVerdicts.invalid);
      }
    },
  );

  it('refuses an empty presented secret against a real one', () => {
    expect(verifySecret(request({ token: '' }), secret, true)).toBe(SignatureVerdicts.invalid);
    expect(verifySecret(request({}, basic('')), secret, true)).toBe(SignatureVerdicts.invalid);
  });
});
