import { base } from './kubernetes-objects';
import { find, ofKind } from './manifests';

describe('Kubernetes base', () => {
  it('keeps /metrics, /ready and /health off the public Ingress', () => {
    const [ingress] = ofKind(base.objects, 'Ingress');
    const paths = ingress!.spec!.rules!.flatMap((rule) => rule.http!.paths);
    /** The backend an Ingress sends a request path to: the longest matching Prefix rule. */
    const backendOf = (requestPath: string) =>
      paths
        .filter((p) => {
          let prefix = p.path;
          while (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
          return (
            p.pathType === 'Prefix' &&
            (prefix === '' || requestPath === prefix || requestPath.startsWith(`${prefix}/`))
          );
        })
        .sort((a, b) => b.path.length - a.path.length)[0]?.backend.service.name;
    for (const opsPath of ['/metrics', '/ready', '/health', '/metrics/', '/ready?x=1']) {
      expect([opsPath, backendOf(opsPath.split('?')[0]!)]).toEqual([opsPath, undefined]);
    }
    // The public API still reaches its services.
    expect(backendOf('/api/v1/messages')).toBe('gateway');
    expect(backendOf('/api/v1/docs')).toBe('gateway');
    expect(backendOf('/api/v1/webhooks/twilio')).toBe('webhook-ingest');
    expect(backendOf('/console/')).toBe('gateway');
    expect(backendOf('/console/assets/index.js')).toBe('gateway');
  });

  it('routes the webhook paths to webhook-ingest and the rest of the API to the gateway, on one host', () => {
    const [ingress] = ofKind(base.objects, 'Ingress');
    expect(ingress?.apiVersion).toBe('networking.k8s.io/v1');
    const rules = ingress!.spec!.rules!;
    expect(rules).toHaveLength(1);
    const routes = Object.fromEntries(
      rules[0]!.http!.paths.map((p) => [p.path, `${p.pathType} → ${p.backend.service.name}`]),
    );
    expect(routes).toEqual({
      '/api/v1/webhooks': 'Prefix → webhook-ingest',
      '/api/webhooks': 'Prefix → webhook-ingest',
      '/api': 'Prefix → gateway',
      '/console': 'Prefix → gateway',
    });
    for (const p of rules[0]!.http!.paths) {
      const service = find(base.objects, 'Service', p.backend.service.name)!;
      const ports = service.spec!.ports!;
      expect(
        ports.some(
          (sp) =>
            sp.name === p.backend.service.port.name || sp.port === p.backend.service.port.number,
        ),
      ).toBe(true);
    }
  });
});
