import { generateApiKey, hashApiKey, hashesEqual, looksLikeApiKey, parseApiKey } from './api-key';

describe('API keys', () => {
  it('are recognisable by their marker and public prefix, with 256 random bits', () => {
    const { key, prefix } = generateApiKey();
    expect(key).toMatch(/^sb_live_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`sb_live_${prefix}_`)).toBe(true);
    expect(parseApiKey(key)).toEqual({ prefix, key });
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it('are never the same twice', () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateApiKey().key));
    const prefixes = new Set([...keys].map((k) => parseApiKey(k)!.prefix));
    expect(keys.size).toBe(500);
    expect(prefixes.size).toBe(500);
  });

  it.each([
    '',
    'sb_live_',
    'sb_live_3f9a0c1d2e4b',
    'sb_live_3F9A0C1D2E4B_' + 'a'.repeat(43),
    'sb_live_3f9a0c1d2e4b_' + 'a'.repeat(42),
    'sb_live_3f9a0c1d2e4b_' + 'a'.repeat(44),
    'sb_test_3f9a0c1d2e4b_' + 'a'.repeat(43),
    'eyJhbGciOiJIUzI1NiJ9.e30.sig',
    'sb_live_3f9a0c1d2e4b_' + 'a'.repeat(42) + '\n',
  ])('refuses the malformed %p before any lookup', (raw) => {
    expect(parseApiKey(raw)).toBeUndefined();
  });

  it('are stored as a hash keyed with the server secret', () => {
    const { key } = generateApiKey();
    const hash = hashApiKey('server-secret', key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key);
    expect(hashApiKey('server-secret', key)).toBe(hash);
    expect(hashApiKey('another-secret', key)).not.toBe(hash);
    expect(hashesEqual(hash, hashApiKey('server-secret', key))).toBe(true);
    expect(hashesEqual(hash, hashApiKey('server-secret', generateApiKey().key))).toBe(false);
    expect(hashesEqual(hash, hash.slice(1))).toBe(false);
  });
});
