import { overrideFor, parseRateLimitOverrides } from './rate-limit-overrides';

describe('parseRateLimitOverrides', () => {
  it('reads tenant=requests/seconds entries', () => {
    const overrides = parseRateLimitOverrides(' tenantA=50/1, tenantB=5000/60 ,');
    expect(overrides).toEqual({
      tenantA: { requests: 50, periodS: 1 },
      tenantB: { requests: 5000, periodS: 60 },
    });
    expect(overrideFor(overrides, 'tenantA')).toEqual({ requests: 50, periodS: 1 });
    expect(overrideFor(overrides, 'toString')).toBeUndefined();
  });

  it('reads nothing from an empty setting', () => {
    expect(parseRateLimitOverrides('')).toEqual({});
  });

  it.each(['tenantA=50', 'tenantA=0/1', 'tenantA=5/0', '=5/1', 'tenantA=1.5/1', 'tenant A=5/1'])(
    'refuses %p',
    (entry) => {
      expect(() => parseRateLimitOverrides(entry)).toThrow(/tenant=requests\/seconds/);
    },
  );

  it('refuses a tenant listed twice', () => {
    expect(() => parseRateLimitOverrides('a=1/1,a=2/1')).toThrow(/listed twice/);
  });
});
