import type { z } from 'zod';
import { Problem, type Problem as ProblemDocument } from '@switchboard/contracts';
import { PROBLEM_CONTENT_TYPE } from '@switchboard/http';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import type { NamedExamples } from '../routing/route-definition';
import { ExampleIds } from './message-examples';
import { problems } from './problem-examples';

/*
 * The building blocks of the route tables' `responses`: an answer with its schema and examples,
 * and the error answers many routes share, each with an example for the route it is on.
 */

export const JSON_TYPE = 'application/json';

/** Named examples for a media type: `{ name: value }` or `{ name: { summary, value } }`. */
export function examplesOf(named: Readonly<Record<string, unknown>>): NamedExamples {
  return Object.fromEntries(
    Object.entries(named).map(([name, value]) => [
      name,
      typeof value === 'object' && value !== null && 'value' in value
        ? (value as { summary?: string; value: unknown })
        : { value },
    ]),
  );
}

/** A JSON answer. */
export function json(
  description: string,
  schema: z.ZodType,
  named: Readonly<Record<string, unknown>>,
): ZodOpenApiResponseObject {
  return { description, content: { [JSON_TYPE]: { schema, examples: examplesOf(named) } } };
}

/** An RFC 9457 problem answer, with the response headers it carries, if any. */
export function problem(
  description: string,
  named: Readonly<Record<string, ProblemDocument>>,
  headers?: z.ZodObject,
): ZodOpenApiResponseObject {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem, examples: examplesOf(named) } },
  };
}

/** The path a client calls for `route`, as problem examples show it in `instance`. */
export const pathOf = (route: string, id: string = ExampleIds.message) => route.replace('{id}', id);

/** The error answers of every operation that calls conversation-service. */
export function serviceErrors(route: string): ZodOpenApiResponsesObject {
  return {
    '401': problem(
      'No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer`',
      { unauthorized: problems.unauthorized(pathOf(route)) },
    ),
    '500': problem('An unexpected error; it is logged, and the detail is not shown', {
      internal: problems.internal(pathOf(route)),
    }),
    '503': problem(
      'conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key`',
      { unavailable: problems.unavailable(pathOf(route)) },
    ),
  };
}

/** The error answers of every operation that takes a JSON body. */
export function bodyErrors(route: string): ZodOpenApiResponsesObject {
  return {
    '413': problem('The body is larger than the configured limit (1 MiB by default)', {
      tooLarge: problems.tooLarge(route),
    }),
  };
}

/** 400 for a malformed `{id}` and 404 for an unknown one. */
export function idErrors(
  route: string,
  what: 'Message' | 'Conversation',
): ZodOpenApiResponsesObject {
  const known = what === 'Message' ? ExampleIds.message : ExampleIds.conversation;
  return {
    '400': problem('The id is not a UUID', {
      badId: problems.badId(pathOf(route, ExampleIds.malformed)),
    }),
    '404': problem(`No such ${what.toLowerCase()}`, {
      notFound: problems.notFound(pathOf(route, known), what),
    }),
  };
}

/**
 * `304` of a list a client polls: its answers carry an `ETag`, and a request whose
 * `If-None-Match` names the current one is answered without a body.
 */
export function notModified(): ZodOpenApiResponsesObject {
  return {
    '304': {
      description:
        'Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one.',
    },
  };
}
