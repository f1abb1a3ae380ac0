// Test helpers for text handling: adversarial inputs and a time budget per call. Kept beside the
// text functions (behind their own `testing` entry) so any lib's specs can use them.
/** The size of every adversarial input: far beyond anything the API or a webhook accepts. */
export const ADVERSARIAL_TEXT_CHARS = 1024 * 1024;

/**
 * The CPU-time budget of one call on one adversarial input. A linear pass over 1 MiB takes a few
 * milliseconds; a super-linear one (a backtracking regular expression, a parser's stack growing
 * with nesting) takes seconds to minutes.
 */
export const TEXT_HANDLING_BUDGET_MS = 100;

/** `unit` repeated to `size` characters, ending in `suffix` (the character that makes a match fail). */
function filled(unit: string, suffix = '', size = ADVERSARIAL_TEXT_CHARS): string {
  const body = size - suffix.length;
  return unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + suffix;
}

/**
 * Inputs that make naive text handling super-linear, as `[name, text]` pairs for `each`: runs a
 * regular expression can start matching at every position and fail only at the end (`<`×n,
 * spaces then `x`, `a@`×n), nesting a parser keeps on a stack, quotes that never close.
 *
 * @example it.each(adversarialTexts())('%s', (_name, text) => expect(slowCalls([['f', () => f(text)]])).toEqual([]));
 */
export function adversarialTexts(size = ADVERSARIAL_TEXT_CHARS): [string, string][] {
  const fill = (unit: string, suffix = '') => filled(unit, suffix, size);
  return [
    ['"<" repeated', fill('<')],
    ['spaces then "x"', fill(' ', 'x')],
    ['"a@" repeated', fill('a@')],
    ['letters without an "@"', fill('a', '@')],
    ['dotted words', fill('a.', '@')],
    ['nested quotes', fill(`"'`)],
    ['unclosed attributes', fill('<a title="')],
    ['"<a " repeated', fill('<a ')],
    ['nested tags', fill('<div>')],
    ['unclosed scripts', fill('<script>')],
    ['tabs and newlines', fill('\t\n')],
    ['tabs then "x"', fill('\t', 'x')],
    ['digits and spaces', fill('1 ', '+')],
    ['"+1" then separators', `+1${fill('-', 'x').slice(2)}`],
    ['entity starts', fill('&#')],
    ['line starts', fill('\nmessage-id:')],
  ];
}

/**
 * Milliseconds of CPU one call of `fn` takes (one call: the point is its worst case, not an
 * average). CPU time, not elapsed time: a machine busy with other work does not inflate it.
 */
export function millisecondsFor(fn: () => unknown): number {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1_000;
}

/** How often a call over its budget is timed again before it counts as slow. */
const TIMINGS_PER_CALL = 3;

/**
 * Times each function and names those that took `budgetMs` or longer every time, with their
 * fastest time (`"scrubText: 6301 ms"`), so one assertion reports every slow call at once. A call
 * over budget is timed again, up to three times: a garbage collection or the first compilation
 * of a code path can stall one call, while a super-linear one is slow on every call.
 */
export function slowCalls(
  calls: readonly (readonly [name: string, call: () => unknown])[],
  budgetMs = TEXT_HANDLING_BUDGET_MS,
): string[] {
  return calls.flatMap(([name, call]) => {
    let fastest = Infinity;
    for (let i = 0; i < TIMINGS_PER_CALL && fastest >= budgetMs; i += 1) {
      fastest = Math.min(fastest, millisecondsFor(call));
    }
    return fastest < budgetMs ? [] : [`${name}: ${Math.round(fastest)} ms`];
  });
}
