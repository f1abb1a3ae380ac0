import { mediaSignatureValid, signedMediaUrl } from './signed-media-url';

const secret = 'a-secret-of-enough-length-for-tests';
const now = 1_800_000_000_000;

function parts(url: string) {
  const u = new URL(url);
  return {
    id: decodeURIComponent(u.pathname.split('/')[4] ?? ''),
    expires: Number(u.searchParams.get('expires')),
    signature: u.searchParams.get('signature') ?? '',
  };
}

describe('signed media URLs', () => {
  const url = signedMediaUrl({
    baseUrl: 'https://api.test/',
    secret,
    id: 'm1',
    ttlSeconds: 60,
    now,
  });

  it('names the content route and verifies until it expires', () => {
    expect(url).toMatch(
      /^https:\/\/api\.test\/api\/v1\/media\/m1\/content\?expires=\d+&signature=/,
    );
    expect(mediaSignatureValid({ secret, ...parts(url), now: now + 59_000 })).toBe(true);
    expect(mediaSignatureValid({ secret, ...parts(url), now: now + 61_000 })).toBe(false);
  });

  it('refuses another id, another expiry, another secret or a mangled signature', () => {
    const p = parts(url);
    expect(mediaSignatureValid({ secret, ...p, id: 'm2', now })).toBe(false);
    expect(mediaSignatureValid({ secret, ...p, expires: p.expires + 1, now })).toBe(false);
    expect(mediaSignatureValid({ secret: `${secret}x`, ...p, now })).toBe(false);
    expect(mediaSignatureValid({ secret, ...p, signature: `${p.signature.slice(1)}A`, now })).toBe(
      false,
    );
    expect(mediaSignatureValid({ secret, ...p, expires: Number.NaN, now })).toBe(false);
  });
});
