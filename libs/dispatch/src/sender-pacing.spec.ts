import { parsePacingRules } from './sender-pacing';

describe('parsePacingRules', () => {
  it('reads pattern=count/seconds rules', () => {
    expect(parsePacingRules('+1*=1/1, *@example.com = 10/60')).toEqual([
      { pattern: '+1*', count: 1, perSeconds: 1 },
      { pattern: '*@example.com', count: 10, perSeconds: 60 },
    ]);
  });

  it('means no limit when unset', () => {
    expect(parsePacingRules(undefined)).toEqual([]);
    expect(parsePacingRules('  ')).toEqual([]);
  });

  it.each(['+1*', '+1*=0/1', '+1*=1/0', '=1/1', '+1*=a/b'])(
    'refuses %j with the offending rule named',
    (setting) => {
      expect(() => parsePacingRules(setting)).toThrow(/SENDER_RATE_LIMITS/);
    },
  );
});
