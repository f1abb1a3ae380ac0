import { idempotencyKeyProblem } from './idempotency-key';

describe('idempotencyKeyProblem', () => {
  it.each([
    ['a UUID', '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e'],
    ['255 characters', 'k'.repeat(255)],
    ['printable punctuation and spaces', 'order 42: "retry" #1 ~!'],
  ])('accepts %s', (_what, key) => {
    expect(idempotencyKeyProblem(key)).toBeUndefined();
  });

  it.each([
    ['an empty key', '', 'must not be empty'],
    ['256 characters', 'k'.repeat(256), 'must be at most 255 characters'],
    ['non-ASCII', 'café', 'must contain only printable ASCII characters'],
    ['a control character', 'a\tb', 'must contain only printable ASCII characters'],
  ])('refuses %s', (_what, key, problem) => {
    expect(idempotencyKeyProblem(key)).toBe(problem);
  });
});
