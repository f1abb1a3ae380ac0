import { AppError, ErrorCodes, Problem, type ErrorCode } from '@switchboard/contracts';
import { problemFor, toAppError } from './problem';

describe('toAppError', () => {
  it('passes an AppError through untouched', () => {
    const original = AppError.notFound('Message');
    expect(toAppError(original)).toBe(original);
  });

  it('turns an oversized body into payload_too_large (413)', () => {
    const error = toAppError({
      type: 'entity.too.large',
      status: 413,
      expose: true,
      message: 'request entity too large',
    });
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('payload_too_large');
    expect(problemFor(error.code, error.message).status).toBe(413);
  });

  it('turns malformed JSON into a validation error on `body`', () => {
    const error = toAppError({
      type: 'entity.parse.failed',
      status: 400,
      expose: true,
      message: 'Unexpected token }',
    });
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The request body is not valid JSON');
    expect(error.fields).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
  });

  it("reports other client errors the parser marks safe to show with the parser's message", () => {
    const error = toAppError({
      type: 'charset.unsupported',
      status: 415,
      expose: true,
      message: 'unsupported charset "KOI8-R"',
    });
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([{ field: 'body', message: 'unsupported charset "KOI8-R"' }]);
  });

  it('turns a path parameter that cannot be percent-decoded into a validation error on `path`', () => {
    const error = toAppError(
      Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), { status: 400 }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([{ field: 'path', message: 'is not valid percent-encoding' }]);
  });

  it('hides anything unexpected behind a generic internal error, keeping the cause for the logs', () => {
    const cause = new Error('connection to db-primary:5432 refused (password=hunter2)');
    const error = toAppError(cause);
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Something went wrong on our side');
    expect(error.message).not.toContain('hunter2');
    expect(error.fields).toEqual([]);
    expect(error.cause).toBe(cause);
  });

  it('does not expose errors that are not marked safe or are server errors', () => {
    expect(toAppError({ status: 400, message: 'secret detail' }).code).toBe('internal');
    expect(toAppError({ status: 502, expose: true, message: 'upstream' }).code).toBe('internal');
  });

  it.each([[null], [undefined], ['a string'], [42]])('copes with a thrown %p', (thrown) => {
    const error = toAppError(thrown);
    expect(error.code).toBe('internal');
    expect(error.cause).toBe(thrown);
  });
});

describe('problemFor', () => {
  it('builds an RFC 9457 document', () => {
    expect(problemFor('not_found', 'Message not found', '/api/v1/messages/123')).toEqual({
      type: 'urn:switchboard:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: 'Message not found',
      instance: '/api/v1/messages/123',
    });
  });

  it('lists the field errors of a validation problem', () => {
    const problem = problemFor(
      'validation_failed',
      'The request is not valid',
      '/api/v1/messages/send',
      [{ field: 'to', message: 'must be a possible phone number' }],
    );
    expect(problem).toEqual({
      type: 'urn:switchboard:problem:validation_failed',
      title: 'Validation failed',
      status: 400,
      detail: 'The request is not valid',
      instance: '/api/v1/messages/send',
      errors: [{ field: 'to', message: 'must be a possible phone number' }],
    });
  });

  it('leaves out `instance` and `errors` when there are none', () => {
    const problem = problemFor('internal', 'Something went wrong on our side', undefined, []);
    expect(problem).not.toHaveProperty('instance');
    expect(problem).not.toHaveProperty('errors');
  });

  it.each([
    ['validation_failed', 400],
    ['unauthorized', 401],
    ['not_found', 404],
    ['conflict', 409],
    ['payload_too_large', 413],
    ['unprocessable', 422],
    ['rate_limited', 429],
    ['internal', 500],
    ['unavailable', 503],
  ] as const)('answers %s with status %i and a title', (code, status) => {
    const problem = problemFor(code, 'detail');
    expect(problem.status).toBe(status);
    expect(problem.type).toBe(`urn:switchboard:problem:${code}`);
    expect(problem.title).toMatch(/\S/);
  });

  it('gives every error code a document that satisfies the Problem schema', () => {
    for (const code of Object.values(ErrorCodes) as ErrorCode[]) {
      expect(Problem.safeParse(problemFor(code, 'detail', '/x')).success).toBe(true);
    }
  });

  it('keeps field errors a copy, so later changes to the error do not leak into the answer', () => {
    const fields = [{ field: 'to', message: 'bad' }];
    const problem = problemFor('validation_failed', 'invalid', undefined, fields);
    fields.push({ field: 'from', message: 'bad too' });
    expect(problem.errors).toEqual([{ field: 'to', message: 'bad' }]);
  });
});
