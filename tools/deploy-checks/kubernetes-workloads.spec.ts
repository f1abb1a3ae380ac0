import { Streams } from '@switchboard/contracts';
import { SANDBOX, appNames, defaultOf, dispatcherConsumer, servedOpsPaths } from './app-settings';
import {
  appOf,
  autoscalersOf,
  base,
  baseApps,
  configMap,
  configuredPort,
  development,
  mainContainer,
  preStopSeconds,
  secretExample,
  workloads,
} from './kubernetes-objects';
import { containersOf, find, ofKind } from './manifests';

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
});
