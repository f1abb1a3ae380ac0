import type { oas31 } from 'zod-openapi';

/** How a client proves who it is, as the document's `securitySchemes` name each way. */
export const securitySchemes: Record<string, oas31.SecuritySchemeObject> = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`sb_live_…`, from `npm run admin -- issue-key`) or a JWT, as `Authorization: Bearer <credential>`',
  },
  apiKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same API key in its own header',
  },
};

/** The `security` of an authenticated route: either scheme will do. */
export const CLIENT_CREDENTIALS: readonly oas31.SecurityRequirementObject[] = [
  { apiKey: [] },
  { apiKeyHeader: [] },
];
