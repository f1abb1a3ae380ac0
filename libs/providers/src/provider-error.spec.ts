import {
  ErrorClasses,
  ProviderError,
  classifyFailure,
  classifyHttpStatus,
  isNetworkError,
  parseRetryAfter,
} from './provider-error';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1', 1_000],
  ])('reads %j seconds as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 01:00:00 GMT', now)).toBe(3_600_000);
  });

  it('never asks to wait a negative time', () => {
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:59:00 GMT', now)).toBe(0);
  });

  it.each([['garbage'], ['later please'], ['Infinity'], [''], [null], [undefined]])(
    'gives no delay for %p',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});

describe('classifyHttpStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i', (status) => {
    expect(classifyHttpStatus(status)).toBe(ErrorClasses.retryable);
  });

  it.each([400, 401, 403, 404, 409, 413, 415, 422])('gives up on %i', (status) => {
    expect(classifyHttpStatus(status)).toBe(ErrorClasses.permanent);
  });

  it('retries when there was no HTTP answer at all', () => {
    expect(classifyHttpStatus(undefined)).toBe(ErrorClasses.retryable);
  });
});

describe('isNetworkError', () => {
  it('recognises connection failures by code, directly or as the cause (undici fetch)', () => {
    expect(isNetworkError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isNetworkError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(
      true,
    );
    expect(
      isNetworkError(new TypeError('fetch failed', { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })),
    ).toBe(true);
  });

  it('does not mistake other errors for network failures', () => {
    expect(isNetworkError(new Error('bad request'))).toBe(false);
    expect(isNetworkError(Object.assign(new Error('nope'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(
      false,
    );
    expect(isNetworkError(null)).toBe(false);
    expect(isNetworkError(undefined)).toBe(false);
  });
});

describe('ProviderError', () => {
  it('is retryable exactly when classified retryable, and keeps its cause', () => {
    const cause = new Error('socket hang up');
    const retryable = new ProviderError(
      'twilio',
      'retryable',
      'Twilio is down',
      { httpStatus: 503 },
      { cause },
    );
    const permanent = new ProviderError('twilio', 'permanent', 'Invalid number', {
      code: '21211',
      httpStatus: 400,
    });

    expect(retryable.retryable).toBe(true);
    expect(retryable.cause).toBe(cause);
    expect(permanent.retryable).toBe(false);
    expect(permanent).toBeInstanceOf(Error);
    expect(permanent.name).toBe('ProviderError');
  });
});

describe('classifyFailure', () => {
  it("reports a ProviderError's own provider, class, code and message", () => {
    const err = new ProviderError('twilio', 'permanent', 'The number is not a valid phone number', {
      code: '21211',
      httpStatus: 400,
    });
    expect(classifyFailure(err, 'fallback')).toEqual({
      provider: 'twilio',
      retryable: false,
      code: '21211',
      message: 'The number is not a valid phone number',
    });
  });

  it('falls back to the HTTP status as the code, and keeps Retry-After', () => {
    const err = new ProviderError('sendgrid', 'retryable', 'Too many requests', {
      httpStatus: 429,
      retryAfterMs: 30_000,
    });
    expect(classifyFailure(err, 'fallback')).toEqual({
      provider: 'sendgrid',
      retryable: true,
      code: '429',
      message: 'Too many requests',
      retryAfterMs: 30_000,
    });
  });

  it('has no code and no retryAfterMs when the error carried neither', () => {
    const failure = classifyFailure(
      new ProviderError('twilio', 'retryable', 'Circuit open'),
      'fallback',
    );
    expect(failure).toEqual({
      provider: 'twilio',
      retryable: true,
      code: null,
      message: 'Circuit open',
    });
    expect(failure).not.toHaveProperty('retryAfterMs');
  });

  it('treats an unexpected error as retryable and blames the fallback provider', () => {
    expect(classifyFailure(new Error('socket hang up'), 'twilio')).toEqual({
      provider: 'twilio',
      retryable: true,
      code: null,
      message: 'socket hang up',
    });
  });

  it('describes thrown non-errors too', () => {
    expect(classifyFailure('boom', 'twilio').message).toBe('boom');
    expect(classifyFailure(undefined, 'twilio')).toEqual({
      provider: 'twilio',
      retryable: true,
      code: null,
      message: 'undefined',
    });
  });
});

describe('parseRetryAfter refuses what is neither seconds nor an HTTP date', () => {
  it.each(['soon 1', '   ', '0x10', '1.5', '-5'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, Date.UTC(2026, 0, 1))).toBeUndefined();
  });
});
