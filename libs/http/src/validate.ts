import type { z } from 'zod';
import { AppError } from '@switchboard/contracts';

/** Parses `input` with `schema`, or throws a validation AppError naming each wrong field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix?: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
      message: issue.message,
    })),
  );
}
