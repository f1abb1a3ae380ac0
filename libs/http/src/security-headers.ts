import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * helmet's security headers (CSP, HSTS, nosniff, frame and referrer policies, …). The CSP keeps
 * helmet's defaults, which the bundled Swagger UI page satisfies (its scripts are files served
 * from the same origin), but does not ask browsers to upgrade requests: TLS ends at the Ingress,
 * and a local stack is plain http.
 *
 * @example app.use(securityHeaders());
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
}
