import { z } from 'zod';

/*
 * Building blocks of the provider webhook schemas. Webhook text is hostile until proven otherwise:
 * no field here runs a pattern over a string whose length has not been bounded first, and every
 * check is one linear pass.
 */

/** A field a webhook cannot be processed without: a string that is not blank. */
export function requiredText(field: string) {
  const error = `${field} is required`;
  return z.string({ error }).refine((value) => value.trim() !== '', { error });
}

/**
 * A field Switchboard does not need, documented with the type the provider gives it: a value of
 * another type is dropped rather than refusing the whole webhook, as providers change fields
 * over time and a refused webhook is retried and finally lost.
 */
export function tolerated<S extends z.ZodType>(schema: S) {
  return schema.optional().catch(undefined);
}

/**
 * A provider's value that is one of `known` — the values Switchboard acts on — or any other, which
 * is acknowledged and ignored (a provider adds values over time). Documented as both, so the
 * document lists exactly the values that change something.
 */
export function knownOrOther<K extends z.ZodEnum, O extends z.ZodString>(known: K, other: O) {
  return z.union([known, other]);
}
