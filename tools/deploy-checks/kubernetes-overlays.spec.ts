import path from 'node:path';
import { SANDBOX, defaultOf } from './app-settings';
import { configMap, configuredPort, mainContainer, preStopSeconds } from './kubernetes-objects';
import {
  BASE_DIR,
  K8S_DIR,
  OVERLAYS,
  ROOT,
  canRender,
  containersOf,
  find,
  ofKind,
  overlayDir,
  podTemplates,
  readKustomization,
  render,
  yamlFiles,
  type K8sObject,
} from './manifests';

describe('Kubernetes base', () => {
  it('lists every manifest in a kustomization (none is silently left out)', () => {
    const listed = new Set(OVERLAYS.flatMap((o) => readKustomization(overlayDir(o)).files));
    const documentationOnly = new Set([path.join(BASE_DIR, 'secret.example.yaml')]);
    const unlisted = yamlFiles(K8S_DIR).filter(
      (file) => !listed.has(file) && !documentationOnly.has(file),
    );
    expect(unlisted.map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});

const describeRendered = canRender ? describe : describe.skip;

describeRendered('Kubernetes overlays, rendered (kubectl kustomize)', () => {
  const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(overlayDir(o))])) as Record<
    (typeof OVERLAYS)[number],
    K8sObject[]
  >;

  it.each(OVERLAYS)('%s puts every object in the switchboard namespace', (overlay) => {
    const outside = rendered[overlay].filter(
      (o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'switchboard',
    );
    expect(outside.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  it('production runs ENVIRONMENT=production on the real provider APIs, without provider-sandbox', () => {
    const objects = rendered.production;
    const config = configMap(objects);
    expect(config.ENVIRONMENT).toBe('production');
    // Unset provider origins mean the vendors' own APIs; nothing may point at the sandbox.
    expect(Object.keys(config).filter((key) => /^(TWILIO|SENDGRID)_BASE_URL$/.test(key))).toEqual(
      [],
    );
    expect(
      Object.values(config).filter((value) =>
        /provider-sandbox|127\.0\.0\.1|localhost/.test(value),
      ),
    ).toEqual([]);
    expect(config.PUBLIC_BASE_URL).toMatch(/^https:\/\//);
    expect(objects.filter((o) => o.metadata.name === SANDBOX)).toEqual([]);
  });

  it('production pins a released image from a registry', () => {
    for (const { template } of podTemplates(rendered.production)) {
      for (const container of containersOf(template.spec)) {
        expect(container.image).toMatch(
          /^[a-z0-9.-]+\.[a-z]+(:\d+)?\/.+(:[\w.-]+|@sha256:[a-f0-9]{64})$/,
        );
        expect(container.image).not.toMatch(/:(latest|local)$/);
      }
    }
  });

  it('second-region is production in another region: its own public host, no migrate Job', () => {
    const objects = rendered['second-region'];
    const config = configMap(objects);
    expect(config.ENVIRONMENT).toBe('production');
    expect(config.PUBLIC_BASE_URL).not.toBe(configMap(rendered.production).PUBLIC_BASE_URL);
    const [ingress] = ofKind(objects, 'Ingress');
    const host = new URL(config.PUBLIC_BASE_URL!).host;
    expect(ingress!.spec!.rules![0]!.host).toBe(host);
    expect(ingress!.spec!.tls![0]!.hosts).toEqual([host]);
    // Migrations run once, in the first region.
    expect(ofKind(objects, 'Job')).toEqual([]);
    expect(ofKind(rendered.production, 'Job')).toHaveLength(1);
  });

  it('development points the providers at provider-sandbox', () => {
    const objects = rendered.development;
    const config = configMap(objects);
    const deployment = find(objects, 'Deployment', SANDBOX)!;
    const port = configuredPort(
      SANDBOX,
      mainContainer(deployment.spec!.template!.spec, SANDBOX),
      config,
    );
    expect(config.ENVIRONMENT).toBe('development');
    expect(config.TWILIO_BASE_URL).toBe(`http://${SANDBOX}:${port}`);
    expect(config.SENDGRID_BASE_URL).toBe(`http://${SANDBOX}:${port}`);
  });

  it.each(OVERLAYS)('%s never scales a dispatcher beyond PARTITIONS', (overlay) => {
    const partitions = Number(
      configMap(rendered[overlay]).PARTITIONS ?? defaultOf('gateway', 'PARTITIONS'),
    );
    for (const scaledObject of ofKind(rendered[overlay], 'ScaledObject')) {
      expect(scaledObject.spec!.maxReplicaCount).toBeLessThanOrEqual(partitions);
      expect(scaledObject.spec!.minReplicaCount).toBeLessThanOrEqual(
        scaledObject.spec!.maxReplicaCount!,
      );
    }
  });

  it.each(OVERLAYS)(
    '%s keeps the drain budget: preStop plus SHUTDOWN_TIMEOUT_MS fits the grace period',
    (overlay) => {
      const objects = rendered[overlay];
      const shutdownMs = Number(
        configMap(objects).SHUTDOWN_TIMEOUT_MS ?? defaultOf('gateway', 'SHUTDOWN_TIMEOUT_MS'),
      );
      for (const deployment of ofKind(objects, 'Deployment')) {
        const spec = deployment.spec!.template!.spec;
        const container = mainContainer(spec, deployment.metadata.name);
        expect(spec.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(
          preStopSeconds(container) + shutdownMs / 1000,
        );
      }
    },
  );
});
