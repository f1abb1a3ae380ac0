import fc from 'fast-check';
import { jsonBytes, jsonBytesAtMost, ReplyWeight } from './reply-weight';

/** The items exact weighing takes: the first, then each while the total stays within `max`. */
function takenExactly(items: readonly unknown[], max: number): number {
  let bytes = 0;
  let taken = 0;
  for (const item of items) {
    bytes += jsonBytes(item);
    if (taken > 0 && bytes > max) break;
    taken += 1;
  }
  return taken;
}

/** Text that JSON writes at its longest: control characters, quotes, lone surrogates, emoji. */
const hostileText = fc
  .array(fc.constantFrom('\u0001', '"', '\\', '\ud800', '😀', 'é', '中', 'a', '\n'), {
    maxLength: 200,
  })
  .map((chars) => chars.join(''));

const resource = fc.record({
  id: fc.uuid(),
  body: fc.oneof(fc.string({ maxLength: 300 }), hostileText),
  subject: fc.option(fc.string({ unit: 'grapheme', maxLength: 50 })),
  segments: fc.option(fc.integer()),
  ratio: fc.double(),
  attachments: fc.array(fc.webUrl(), { maxLength: 3 }),
  metadata: fc.option(fc.jsonValue({ maxDepth: 3 })),
  at: fc.date({ noInvalidDate: true }),
});

describe('jsonBytesAtMost', () => {
  it('is never less than what the value weighs as written', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), resource, hostileText), (value) => {
        expect(jsonBytesAtMost(value)).toBeGreaterThanOrEqual(jsonBytes(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('counts the longest escape for every unit of a string', () => {
    expect(jsonBytes('\u0001')).toBe(8);
    expect(jsonBytesAtMost('\u0001')).toBe(8);
  });
});

describe('ReplyWeight', () => {
  it('takes exactly the items that weighing each one written out would take', () => {
    fc.assert(
      fc.property(
        fc.array(resource, { maxLength: 40 }),
        fc.integer({ min: 1, max: 20_000 }),
        (items, max) => {
          const weight = new ReplyWeight(max);
          let taken = 0;
          for (const item of items) {
            if (!weight.take(item)) break;
            taken += 1;
          }
          expect(taken).toBe(takenExactly(items, max));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('always takes the first item, however large', () => {
    const weight = new ReplyWeight(10);
    expect(weight.take({ body: 'x'.repeat(1_000) })).toBe(true);
    expect(weight.take({ body: '' })).toBe(false);
  });
});
