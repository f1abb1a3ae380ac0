import path from 'node:path';
import { z } from 'zod';
import { Streams } from '@switchboard/contracts';
import {
  SANDBOX,
  appNames,
  defaultOf,
  dispatcherConsumer,
  knownSettings,
  portSetting,
  requiredSettings,
  schemaOf,
  servedOpsPaths,
  settingsObject,
} from './app-settings';
import {
  BASE_DIR,
  K8S_DIR,
  OVERLAYS,
  ROOT,
  canRender,
  containersOf,
  envValue,
  find,
  ofKind,
  overlayDir,
  podTemplates,
  readKustomization,
  readYaml,
  render,
  yamlFiles,
  type Container,
  type K8sObject,
  type PodSpec,
} from './manifests';

const base = readKustomization(BASE_DIR);
const development = readKustomization(overlayDir('development'));
const baseApps = appNames().filter((app) => app !== SANDBOX);
const [secretExample] = readYaml<K8sObject>(path.join(BASE_DIR, 'secret.example.yaml'));

const configMap = (objects: readonly K8sObject[]) => {
  const found = find(objects, 'ConfigMap', 'switchboard-config');
  if (!found?.data) throw new Error('ConfigMap switchboard-config with data is missing');
  return found.data;
};

/** Every Deployment and Job this repository defines: base plus the development-only ones. */
const workloads = () => podTemplates(development.objects);

const mainContainer = (spec: PodSpec, name: string): Container => {
  const container = spec.containers.find((c) => c.name === name) ?? spec.containers[0];
  if (!container) throw new Error(`${name}: no container`);
  return container;
};

/** The app a pod runs, from its APP env (the image runs dist/apps/$APP). */
const appOf = (container: Container) => envValue(container, 'APP');

/** Seconds the preStop hook holds a pod before SIGTERM. */
function preStopSeconds(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep?.seconds !== undefined) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

/** The port a container is configured to listen on: direct env, the ConfigMap, or the default. */
function configuredPort(app: string, container: Container, config: Record<string, string>): number {
  const { variable, defaultPort } = portSetting(app);
  return Number(envValue(container, variable) ?? config[variable] ?? defaultPort);
}

function autoscalersOf(objects: readonly K8sObject[], deployment: string) {
  return objects.filter(
    (o) =>
      (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') &&
      o.spec?.scaleTargetRef?.name === deployment &&
      (o.spec.scaleTargetRef.kind ?? 'Deployment') === 'Deployment',
  );
}

describe('Kubernetes base', () => {
  it.each(baseApps)(
    '%s has a Deployment, a Service, one autoscaler and a PodDisruptionBudget',
    (app) => {
      const deployment = find(base.objects, 'Deployment', app);
      expect(deployment).toBeDefined();
      const podLabels = deployment!.spec!.template!.metadata!.labels!;

      const service = find(base.objects, 'Service', app);
      expect(service).toBeDefined();
      expect(podLabels).toMatchObject(service!.spec!.selector as Record<string, string>);

      const pdb = find(base.objects, 'PodDisruptionBudget', app);
      expect(pdb).toBeDefined();
      expect(podLabels).toMatchObject(pdb!.spec!.selector!.matchLabels!);

      // Exactly one: an HPA and a KEDA ScaledObject on the same Deployment fight over replicas.
      const autoscalers = autoscalersOf(base.objects, app);
      expect(autoscalers.map((a) => a.kind)).toHaveLength(1);
      const [autoscaler] = autoscalers;
      if (autoscaler!.kind === 'HorizontalPodAutoscaler')
        expect(autoscaler!.apiVersion).toBe('autoscaling/v2');
    },
  );

  it('leaves the replica count of autoscaled Deployments to the autoscaler', () => {
    // `kubectl apply` would otherwise reset the count the autoscaler chose on every release.
    for (const deployment of ofKind(base.objects, 'Deployment')) {
      if (autoscalersOf(base.objects, deployment.metadata.name).length) {
        expect({ name: deployment.metadata.name, replicas: deployment.spec?.replicas }).toEqual({
          name: deployment.metadata.name,
          replicas: undefined,
        });
      }
    }
  });

  it('deploys provider-sandbox only in the development overlay', () => {
    expect(base.objects.filter((o) => o.metadata.name === SANDBOX)).toEqual([]);
    expect(find(development.objects, 'Deployment', SANDBOX)).toBeDefined();
    expect(find(development.objects, 'Service', SANDBOX)).toBeDefined();
  });

  it.each(baseApps.filter((app) => dispatcherConsumer(app)))(
    '%s scales on the lag of its JetStream consumer',
    (app) => {
      const scaledObject = find(base.objects, 'ScaledObject', app);
      expect(scaledObject?.apiVersion).toBe('keda.sh/v1alpha1');
      const trigger = scaledObject!.spec!.triggers!.find((t) => t.type === 'nats-jetstream');
      expect(trigger?.metadata).toMatchObject({
        stream: Streams.dispatch.name,
        consumer: dispatcherConsumer(app),
      });
      // KEDA names the HPA it creates after the app, so `kubectl get hpa` lists every service.
      expect(scaledObject!.spec).toMatchObject({
        advanced: { horizontalPodAutoscalerConfig: { name: app } },
      });
    },
  );

  it('probes only paths the services serve: liveness /health, readiness /ready', () => {
    const served = servedOpsPaths();
    for (const { owner, template } of workloads()) {
      if (owner.kind !== 'Deployment') continue;
      const container = mainContainer(template.spec, owner.metadata.name);
      const probes = [container.livenessProbe, container.readinessProbe, container.startupProbe];
      for (const probe of probes.filter((p) => p !== undefined)) {
        expect({
          workload: owner.metadata.name,
          served: served.has(probe.httpGet?.path ?? ''),
        }).toEqual({
          workload: owner.metadata.name,
          served: true,
        });
        const port = probe.httpGet?.port;
        const ports = container.ports ?? [];
        expect(ports.some((p) => p.name === port || p.containerPort === port)).toBe(true);
      }
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      // /ready turns 503 while a pod drains, which takes it out of the Service before it stops.
      expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
    }
  });

  it('serves each app on the port its settings give it, through a Service of the same port', () => {
    const config = { ...configMap(base.objects), ...configMap(development.patches) };
    for (const app of appNames()) {
      const objects = app === SANDBOX ? development.objects : base.objects;
      const deployment = find(objects, 'Deployment', app)!;
      const container = mainContainer(deployment.spec!.template!.spec, app);
      const port = configuredPort(app, container, config);
      const [containerPort] = container.ports ?? [];
      expect({ app, containerPort: containerPort?.containerPort }).toEqual({
        app,
        containerPort: port,
      });

      const [servicePort] = find(objects, 'Service', app)!.spec!.ports!;
      expect({ app, port: servicePort?.port }).toEqual({ app, port });
      expect([containerPort?.name, containerPort?.containerPort]).toContain(
        servicePort?.targetPort,
      );
    }
  });

  it('gives every pod time to drain: preStop plus SHUTDOWN_TIMEOUT_MS fits the grace period', () => {
    const shutdownMs = Number(
      configMap(base.objects).SHUTDOWN_TIMEOUT_MS ?? defaultOf('gateway', 'SHUTDOWN_TIMEOUT_MS'),
    );
    for (const { owner, template } of workloads()) {
      if (owner.kind !== 'Deployment') continue;
      const container = mainContainer(template.spec, owner.metadata.name);
      const preStop = preStopSeconds(container);
      expect({ workload: owner.metadata.name, preStop: preStop > 0 }).toEqual({
        workload: owner.metadata.name,
        preStop: true,
      });
      const grace = template.spec.terminationGracePeriodSeconds ?? 30;
      expect(grace).toBeGreaterThan(preStop + shutdownMs / 1000);
    }
  });

  it('runs every container as a non-root user that cannot escalate, on a read-only filesystem', () => {
    for (const { owner, template } of workloads()) {
      const pod = template.spec.securityContext ?? {};
      expect({ workload: owner.metadata.name, runAsNonRoot: pod.runAsNonRoot }).toEqual({
        workload: owner.metadata.name,
        runAsNonRoot: true,
      });
      for (const container of containersOf(template.spec)) {
        const sc = container.securityContext ?? {};
        const uid = sc.runAsUser ?? pod.runAsUser;
        expect(uid).toBeGreaterThan(0);
        expect(sc).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(sc.privileged ?? false).toBe(false);
        expect(sc.capabilities?.add ?? []).toEqual([]);
      }
    }
  });

  it('sizes every container: CPU and memory requests, a memory limit', () => {
    for (const { owner, template } of workloads()) {
      for (const container of containersOf(template.spec)) {
        expect({ workload: owner.metadata.name, resources: container.resources }).toMatchObject({
          workload: owner.metadata.name,
          resources: {
            requests: { cpu: expect.anything(), memory: expect.anything() },
            limits: { memory: expect.anything() },
          },
        });
      }
    }
  });

  it('runs every app from the one image, selected by APP, with the shared ConfigMap and Secret', () => {
    configMap(base.objects);
    expect(secretExample?.kind).toBe('Secret');
    const images = new Set<string | undefined>();
    for (const { owner, template } of workloads()) {
      const container = mainContainer(template.spec, owner.metadata.name);
      images.add(container.image);
      const expectedApp = owner.kind === 'Job' ? 'migrate' : owner.metadata.name;
      expect({ workload: owner.metadata.name, APP: appOf(container) }).toEqual({
        workload: owner.metadata.name,
        APP: expectedApp,
      });
      expect(container.envFrom).toEqual(
        expect.arrayContaining([
          { configMapRef: { name: 'switchboard-config' } },
          { secretRef: { name: secretExample!.metadata.name } },
        ]),
      );
    }
    expect([...images]).toEqual(['switchboard']);
  });

  describe('settings', () => {
    const secretKeys = Object.keys(secretExample?.stringData ?? secretExample?.data ?? {});

    it('detects a setting a schema requires (so the next check is not vacuous)', () => {
      const stricter = settingsObject(schemaOf('gateway')).extend({ SIGNING_KEY: z.string() });
      expect(requiredSettings(stricter)).toEqual(['SIGNING_KEY']);
    });

    it.each(appNames())('%s gets every setting its config schema requires', (app) => {
      const objects = app === SANDBOX ? development.objects : base.objects;
      const deployment = find(objects, 'Deployment', app)!;
      const container = mainContainer(deployment.spec!.template!.spec, app);
      const provided = new Set([
        ...Object.keys(configMap(base.objects)),
        ...secretKeys,
        ...(container.env ?? []).map((e) => e.name),
      ]);
      expect(requiredSettings(schemaOf(app)).filter((key) => !provided.has(key))).toEqual([]);
    });

    it('configures only settings some service reads', () => {
      const known = knownSettings();
      const configured = [
        ...Object.keys(configMap(base.objects)),
        ...OVERLAYS.flatMap((o) =>
          Object.keys(configMap(readKustomization(overlayDir(o)).patches)),
        ),
        ...secretKeys,
      ];
      expect(configured.filter((key) => !known.has(key))).toEqual([]);
    });

    it('commits no Secret: the one the services read is created out of band', () => {
      for (const dir of [BASE_DIR, ...OVERLAYS.map(overlayDir)]) {
        expect(ofKind(readKustomization(dir).objects, 'Secret')).toEqual([]);
      }
      expect(base.files).not.toContain(path.join(BASE_DIR, 'secret.example.yaml'));
    });
  });

  it('is secure by default: the base ConfigMap runs production; only an overlay chooses development', () => {
    expect(configMap(base.objects).ENVIRONMENT).toBe('production');
  });

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

  it('has a migration Job, applied with its ConfigMap before the services roll out', () => {
    const [job] = ofKind(base.objects, 'Job');
    expect(job).toBeDefined();
    const spec = job!.spec!.template!.spec;
    expect(spec.restartPolicy).toBe('Never');
    expect(appOf(mainContainer(spec, 'migrate'))).toBe('migrate');
    // `kubectl apply -k … -l switchboard.io/apply-first=true` must select all the Job needs.
    for (const needed of [
      job!,
      find(base.objects, 'ConfigMap', 'switchboard-config')!,
      ...ofKind(base.objects, 'Namespace'),
    ]) {
      expect({
        object: `${needed.kind}/${needed.metadata.name}`,
        label: needed.metadata.labels?.['switchboard.io/apply-first'],
      }).toEqual({
        object: `${needed.kind}/${needed.metadata.name}`,
        label: 'true',
      });
    }
  });

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
