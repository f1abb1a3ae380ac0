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
  const fieldOf = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(String)].filter(Boolean).join('.') || '(body)';
  throw AppError.validation(
    result.error.issues.flatMap((issue) =>
      // An unknown key is reported once per key, named, rather than against its parent object.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            field: fieldOf([...issue.path, key]),
            message: `"${String(key)}" is not a known field`,
          }))
        : [{ field: fieldOf(issue.path), message: issue.message }],
    ),
  );
}
