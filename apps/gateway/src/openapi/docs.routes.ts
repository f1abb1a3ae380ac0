import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { OpenApiDocument } from './openapi-document';

const UI_OPTIONS = { customSiteTitle: 'Switchboard API reference' };

/**
 * `/openapi.json` and `/docs`: the OpenAPI document, and Swagger UI over it. Swagger UI's assets
 * come from the installed swagger-ui-dist and the document is embedded in the page's init
 * script, so the reference works offline.
 *
 * @example app.use('/api/v1', docsRouter(buildOpenApiDocument()));
 */
export function docsRouter(document: OpenApiDocument): Router {
  const router = Router();
  const page = swaggerUi.setup(document, UI_OPTIONS);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  router.get('/docs', (req, res, next) => {
    // The page loads its assets relatively (`./swagger-ui.css`), which resolves under `/docs/`
    // only; a relative redirect keeps working behind a path-rewriting proxy.
    const [path = '', query] = req.originalUrl.split('?', 2);
    if (!path.endsWith('/')) return res.redirect(301, `docs/${query ? `?${query}` : ''}`);
    page(req, res, next);
  });
  // serveFiles (not the shared `serve`) keeps this document's init script to this router.
  router.use('/docs', swaggerUi.serveFiles(document, UI_OPTIONS));

  return router;
}
