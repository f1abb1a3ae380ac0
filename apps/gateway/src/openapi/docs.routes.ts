import type { RequestHandler, Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { routerOf } from '../routing/mount-routes';
import { routeDefiner } from '../routing/route-definition';
import type { OpenApiDocument } from './openapi-document';
import { JSON_TYPE } from './response-docs';

const UI_OPTIONS = { customSiteTitle: 'Switchboard API reference' };
const DOCS_PATH = '/api/v1/docs';

interface ReferenceDeps {
  document: OpenApiDocument;
  /** Swagger UI's page over the document. */
  page: RequestHandler;
}

const route = routeDefiner<ReferenceDeps>();
const tags = ['Operations'];

/** `/api/v1/openapi.json` and `/api/v1/docs`: the reference, served before authentication. */
export const docsRoutes = [
  route({
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'openapi',
    tags,
    summary: 'This OpenAPI document',
    responses: {
      '200': {
        description: 'OpenAPI 3.1',
        content: { [JSON_TYPE]: { schema: z.record(z.string(), z.unknown()) } },
      },
    },
    handle({ document }, { res }) {
      res.json(document);
    },
  }),
  route({
    method: 'get',
    path: DOCS_PATH,
    operationId: 'docs',
    tags,
    summary: 'Interactive API reference',
    description: 'Swagger UI over this document, served by the gateway itself.',
    responses: {
      '200': { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
    },
    handle({ page }, { req, res, next }) {
      // The page loads its assets relatively (`./swagger-ui.css`), which resolves under `/docs/`
      // only; a relative redirect keeps working behind a path-rewriting proxy.
      const [path = '', query] = req.originalUrl.split('?', 2);
      if (!path.endsWith('/')) return res.redirect(301, `docs/${query ? `?${query}` : ''}`);
      page(req, res, next);
    },
  }),
];

/**
 * The reference routes over `document`, with Swagger UI's assets: they come from the installed
 * swagger-ui-dist and the document is embedded in the page's init script, so the reference
 * works offline.
 *
 * @example app.use(docsRouter(document));
 */
export function docsRouter(document: OpenApiDocument): Router {
  const router = routerOf(docsRoutes, { document, page: swaggerUi.setup(document, UI_OPTIONS) });
  // serveFiles (not the shared `serve`) keeps this document's init script to this router.
  router.use(DOCS_PATH, swaggerUi.serveFiles(document, UI_OPTIONS));
  return router;
}
