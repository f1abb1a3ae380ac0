import path from 'node:path';
import { appNames, defaultOf, usesPostgres } from './app-settings';
import {
  BASE_DIR,
  ROOT,
  canRender,
  find,
  ofKind,
  overlayDir,
  readKustomization,
  readYaml,
  render,
  yamlFiles,
  type K8sObject,
} from './manifests';

const INFRA_DIR = path.join(ROOT, 'infra');

interface NatsValues {
  config?: {
    cluster?: { enabled?: boolean; replicas?: number };
    jetstream?: {
      enabled?: boolean;
      fileStore?: { enabled?: boolean; pvc?: { enabled?: boolean; size?: string } };
    };
    monitor?: { enabled?: boolean; port?: number };
  };
  service?: { ports?: { monitor?: { enabled?: boolean } } };
  podTemplate?: {
    merge?: {
      spec?: {
        affinity?: {
          podAntiAffinity?: {
            requiredDuringSchedulingIgnoredDuringExecution?: {
              topologyKey: string;
              labelSelector?: { matchLabels?: Record<string, string> };
            }[];
          };
        };
      };
    };
  };
}

interface PgCluster {
  kind: string;
  metadata: { name: string };
  spec: { instances: number; postgresql?: { parameters?: Record<string, string> } };
}

const [nats = {}] = readYaml<NatsValues>(path.join(INFRA_DIR, 'nats/values.yaml'));
const baseConfig = find(
  readKustomization(BASE_DIR).objects,
  'ConfigMap',
  'switchboard-config',
)!.data!;

describe('infra', () => {
  it('parses every values file and manifest', () => {
    const files = yamlFiles(INFRA_DIR);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readYaml(file).length).toBeGreaterThan(0);
  });

  it('runs NATS as three servers with JetStream on file storage, so streams can be R3', () => {
    expect(nats.config?.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(nats.config?.jetstream).toMatchObject({
      enabled: true,
      fileStore: { enabled: true, pvc: { enabled: true } },
    });
  });

  it('never places two NATS servers on one node, so losing a node leaves R3 streams a majority', () => {
    const terms =
      nats.podTemplate?.merge?.spec?.affinity?.podAntiAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(terms).toContainEqual({
      topologyKey: 'kubernetes.io/hostname',
      // The chart's selector labels of the server pods (not nats-box's).
      labelSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/component': 'nats' },
      },
    });
  });

  it('gives production streams as many replicas as NATS has servers, and the services every server', () => {
    const production = find(
      readKustomization(overlayDir('production')).patches,
      'ConfigMap',
      'switchboard-config',
    )!.data!;
    const servers = nats.config?.cluster?.replicas ?? 1;
    expect(Number(production.NATS_STREAM_REPLICAS)).toBe(servers);
    const urls = (production.NATS_URL ?? '').split(',').map((u) => new URL(u));
    expect(urls.map((u) => u.hostname)).toEqual(
      Array.from({ length: servers }, (_, i) => `nats-${i}.nats-headless.nats.svc.cluster.local`),
    );
  });

  it('exposes the NATS monitoring port the dispatchers are scaled from, on the server the services use', () => {
    expect(nats.config?.monitor?.enabled).toBe(true);
    expect(nats.service?.ports?.monitor?.enabled).toBe(true);
    const natsHost = new URL(baseConfig.NATS_URL!.split(',')[0]!).hostname;
    for (const scaledObject of ofKind(readKustomization(BASE_DIR).objects, 'ScaledObject')) {
      const trigger = scaledObject.spec!.triggers!.find((t) => t.type === 'nats-jetstream')!;
      const [host, port] = trigger.metadata!.natsServerMonitoringEndpoint!.split(':');
      expect({ host, port: Number(port) }).toEqual({
        host: natsHost,
        port: nats.config?.monitor?.port ?? 8222,
      });
    }
  });

  const itRendered = canRender ? it : it.skip;

  itRendered(
    'gives PostgreSQL room for every connection the services can open at their production ceilings',
    () => {
      const [cluster] = readYaml<PgCluster>(path.join(INFRA_DIR, 'postgres/cluster.yaml'));
      expect(cluster?.kind).toBe('Cluster');
      const maxConnections = Number(cluster!.spec.postgresql?.parameters?.max_connections ?? 100);
      const production: K8sObject[] = render(overlayDir('production'));
      const config = find(production, 'ConfigMap', 'switchboard-config')!.data!;
      const demand = appNames()
        .filter(usesPostgres)
        .map((app) => {
          const hpa =
            find(production, 'HorizontalPodAutoscaler', app) ??
            find(production, 'ScaledObject', app);
          const replicas = hpa?.spec?.maxReplicas ?? hpa?.spec?.maxReplicaCount ?? 1;
          return replicas * Number(config.POSTGRES_POOL_MAX ?? defaultOf(app, 'POSTGRES_POOL_MAX'));
        })
        .reduce((a, b) => a + b, 0);
      // The migration Job, superuser and replication slots need a few more.
      expect(maxConnections).toBeGreaterThanOrEqual(demand + 20);
    },
  );
});
