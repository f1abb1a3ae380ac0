import fc from 'fast-check';
import { edgeStrings } from './edge-values';
import type { FuzzContext } from './fuzz-context';
import { percentEncode } from './request-encoding';

/**
 * The ids a generated request names: the victim's, the attacker's own, random UUIDs and
 * strings that are no id at all; and how one goes into a path template.
 */
export function targetIds(ctx: FuzzContext) {
  const idValue = fc.oneof(
    { arbitrary: fc.constantFrom(...ctx.victimIds), weight: 3 },
    { arbitrary: fc.constantFrom(...ctx.attacker.ids), weight: 3 },
    { arbitrary: fc.uuid(), weight: 2 },
    {
      arbitrary: fc.oneof(
        edgeStrings,
        fc.string({ maxLength: 40 }),
        fc.constantFrom(
          '..',
          '%2e%2e',
          `${'a'.repeat(5_000)}`,
          '00000000-0000-0000-0000-000000000000',
        ),
      ),
      weight: 1,
    },
  );
  const pathOf = (template: string, id: string) =>
    template.replace('{id}', percentEncode(id).replace(/%25(2e|2E)/g, '%2e'));
  return { idValue, pathOf };
}
