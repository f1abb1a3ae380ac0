import fc from 'fast-check';
import { edgeStrings } from './edge-values';
import type { FuzzContext } from './fuzz-context';
import { headerSafe } from './request-encoding';

/**
 * The credentials a generated request carries: the attacker's own (a key, as a bearer token or
 * X-API-Key, or a JWT), or missing, malformed, foreign and random ones.
 */
export function authArbitraries(ctx: FuzzContext) {
  const attackerAuth = fc.oneof(
    { arbitrary: fc.constant({ authorization: `Bearer ${ctx.attacker.key}` }), weight: 8 },
    { arbitrary: fc.constant({ 'x-api-key': ctx.attacker.key }), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(...ctx.attacker.tokens)
        .map((t) => ({ authorization: `Bearer ${t}` })),
      weight: 2,
    },
  );
  const randomToken = fc.oneof(
    fc.constantFrom(...ctx.badTokens),
    fc.base64String({ maxLength: 60 }),
    fc
      .string({
        unit: fc.constantFrom(
          ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-',
        ),
        minLength: 43,
        maxLength: 43,
      })
      .map((s) => `sb_live_${s.slice(0, 12)}_${s}`),
    fc
      .tuple(fc.base64String(), fc.base64String(), fc.base64String())
      .map((parts) => parts.join('.')),
    edgeStrings,
  );
  const badAuth: fc.Arbitrary<Record<string, string>> = fc.oneof(
    fc.constant({}),
    randomToken.map((t) => ({ authorization: headerSafe(`Bearer ${t}`) })),
    randomToken.map((t) => ({ 'x-api-key': headerSafe(t) })),
    randomToken.map((t) => ({ authorization: headerSafe(t) })),
    fc.constant({ authorization: 'Bearer ' }),
    fc.constant({
      authorization: `Basic ${Buffer.from(`x:${ctx.attacker.key}`).toString('base64')}`,
    }),
    fc.constant({ authorization: `Bearer ${'A'.repeat(7_000)}` }),
  );
  const anyAuth = fc.oneof(
    { arbitrary: attackerAuth, weight: 4 },
    { arbitrary: badAuth, weight: 1 },
  );
  return { attackerAuth, badAuth, anyAuth };
}
