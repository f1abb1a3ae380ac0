import { z } from 'zod';
import { baseEnv } from './env.schema';
import { ConfigError, loadConfig } from './load-config';
import {
  DEVELOPMENT_SECRET_KEY,
  authModeEnv,
  authModeOf,
  authProductionRules,
  refuseInProduction,
  secretKeyEnv,
  secretKeyProductionRules,
} from './security.schema';

const schema = baseEnv
  .extend({ ...authModeEnv.shape, ...secretKeyEnv.shape })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [...authProductionRules, ...secretKeyProductionRules]),
  );

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(schema, env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems;
  }
};

describe('authModeOf', () => {
  it('requires credentials in production and makes them optional elsewhere, unless told', () => {
    expect(authModeOf({ ENVIRONMENT: 'production' })).toBe('required');
    expect(authModeOf({ ENVIRONMENT: 'development' })).toBe('optional');
    expect(authModeOf({ ENVIRONMENT: 'test' })).toBe('optional');
    expect(authModeOf({ ENVIRONMENT: 'test', AUTH_MODE: 'required' })).toBe('required');
  });
});

describe('refuseInProduction', () => {
  const strongKey = 'k'.repeat(64);

  it('lets development run on its defaults, when chosen', () => {
    const config = loadConfig(schema, { ENVIRONMENT: 'development' });
    expect(config.SECRET_KEY).toBe(DEVELOPMENT_SECRET_KEY);
    expect(authModeOf(config)).toBe('optional');
  });

  it('starts production with a real secret and auth left at its default', () => {
    expect(problemsOf({ ENVIRONMENT: 'production', SECRET_KEY: strongKey })).toEqual([]);
  });

  it('names every wrong setting at once, never echoing a value', () => {
    const problems = problemsOf({ ENVIRONMENT: 'production', AUTH_MODE: 'optional' });
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_MODE: refused in production: must be `required`/),
      expect.stringMatching(/^SECRET_KEY: refused in production: must be set to a random value/),
    ]);
    expect(problems.join('\n')).not.toContain(DEVELOPMENT_SECRET_KEY);
  });

  it('refuses a short SECRET_KEY in production only', () => {
    expect(problemsOf({ ENVIRONMENT: 'production', SECRET_KEY: 'short' })).toEqual([
      expect.stringMatching(/^SECRET_KEY: .*at least 32 bytes/),
    ]);
    // Bytes, not characters: 16 two-byte characters are 32 bytes, 31 ASCII ones are not.
    expect(problemsOf({ ENVIRONMENT: 'production', SECRET_KEY: 'é'.repeat(16) })).toEqual([]);
    expect(problemsOf({ ENVIRONMENT: 'production', SECRET_KEY: 'k'.repeat(31) })).toHaveLength(1);
    expect(problemsOf({ ENVIRONMENT: 'test', SECRET_KEY: 'short' })).toEqual([]);
  });

  it('works with any schema and rule', () => {
    const custom = z
      .object({ ENVIRONMENT: z.enum(['development', 'test', 'production']), FLAG: z.string() })
      .superRefine((config, ctx) =>
        refuseInProduction(config, ctx, [
          { setting: 'FLAG', unsafe: (c) => c.FLAG === 'on', fix: 'must be off' },
        ]),
      );
    expect(custom.safeParse({ ENVIRONMENT: 'production', FLAG: 'on' }).error?.issues).toEqual([
      expect.objectContaining({ path: ['FLAG'], message: 'refused in production: must be off' }),
    ]);
    expect(custom.safeParse({ ENVIRONMENT: 'development', FLAG: 'on' }).success).toBe(true);
  });
});
