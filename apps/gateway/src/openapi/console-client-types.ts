import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import type { OpenApiDocument } from './openapi-document';

/** Where the console keeps the types of its API client, generated from this gateway's document. */
export const CONSOLE_CLIENT_TYPES = 'apps/console/src/api/openapi.gen.ts';

const HEADER = `/*
 * The gateway's OpenAPI document as TypeScript types, for the console's API client.
 * Generated: do not edit. \`npx nx run console:openapi\` writes it again; a gateway spec fails
 * while it differs from the routes the gateway serves.
 */
`;

/**
 * The console's client types for `document` (openapi-typescript's output, under a header).
 *
 * @example await writeFile(CONSOLE_CLIENT_TYPES, await consoleClientTypes(gatewayOpenApiDocument()));
 */
export async function consoleClientTypes(document: OpenApiDocument): Promise<string> {
  // openapi-typescript reads a plain JSON document; zod-openapi's objects are exactly that.
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)) as OpenAPI3, {
    alphabetize: true,
  });
  return `${HEADER}${astToString(ast)}`;
}
