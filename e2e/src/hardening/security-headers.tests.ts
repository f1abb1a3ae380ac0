import { ALLOWED_ORIGIN, type HardeningStack } from './hardening-stack';

/** Security headers on the public services, and CORS for the configured origin only. */
export function describeSecurityHeaders(suite: HardeningStack): void {
  it('sets security headers on the gateway and webhook-ingest', async () => {
    const { stack, tenant } = suite;
    const api = await tenant.call('GET', '/api/v1/messages');
    const webhook = await fetch(`${stack.url('webhook-ingest')}/api/v1/webhooks/twilio`, {
      method: 'POST',
    });
    for (const res of [api.headers, webhook.headers]) {
      expect(res.get('x-content-type-options')).toBe('nosniff');
      expect(res.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.get('x-powered-by')).toBeNull();
    }
  });

  it('answers CORS for the configured origin only', async () => {
    const { gateway } = suite;
    const preflight = (origin: string) =>
      fetch(`${gateway}/api/v1/messages/send`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
}
