/**
 * Reads the deployment files as data: YAML documents parsed with a real parser, Kustomize
 * directories resolved to the objects they list, and (where kubectl is installed) overlays
 * rendered exactly as `kubectl apply -k` would see them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');

export const K8S_DIR = path.join(ROOT, 'k8s');
export const BASE_DIR = path.join(K8S_DIR, 'base');
export const OVERLAYS = ['development', 'production', 'second-region'] as const;
export type Overlay = (typeof OVERLAYS)[number];
export const overlayDir = (overlay: Overlay) => path.join(K8S_DIR, 'overlays', overlay);

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface HttpProbe {
  httpGet?: { path?: string; port?: number | string };
  periodSeconds?: number;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}

export interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number } } };
  resources?: {
    requests?: { cpu?: string | number; memory?: string };
    limits?: { cpu?: string | number; memory?: string };
  };
  securityContext?: SecurityContext;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

export interface ScaleTarget {
  apiVersion?: string;
  kind?: string;
  name: string;
}

/** The fields of the kinds this repository ships that the checks read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: PodTemplate;
    ports?: { name?: string; port: number; targetPort?: number | string }[];
    scaleTargetRef?: ScaleTarget;
    minReplicas?: number;
    maxReplicas?: number;
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers?: { type: string; metadata?: Record<string, string> }[];
    rules?: {
      host?: string;
      http?: {
        paths: {
          path: string;
          pathType: string;
          backend: { service: { name: string; port: { name?: string; number?: number } } };
        }[];
      };
    }[];
    tls?: { hosts?: string[] }[];
  };
}

/** Every YAML document in a file, parsed (YAML merge keys resolved); a syntax error throws. */
export function readYaml<T = unknown>(file: string): T[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  return docs
    .map((doc) => {
      if (doc.errors.length) {
        throw new Error(
          `${path.relative(ROOT, file)}: ${doc.errors.map((e) => e.message).join('; ')}`,
        );
      }
      return doc.toJS() as T | null;
    })
    .filter((doc): doc is T => doc !== null);
}

/** Every YAML file under a directory, recursively. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

export interface KustomizeTree {
  /** Full objects listed as resources, through nested kustomizations. */
  objects: K8sObject[];
  /** Files a kustomization names: its own kustomization.yaml, resources and patches. */
  files: string[];
  /** Documents of the patch files (partial objects). */
  patches: K8sObject[];
  kustomization: Kustomization;
}

/** Resolves a Kustomize directory to what it lists, without rendering patches. */
export function readKustomization(dir: string): KustomizeTree {
  const file = path.join(dir, 'kustomization.yaml');
  const [kustomization = {}] = readYaml<Kustomization>(file);
  const tree: KustomizeTree = { objects: [], files: [file], patches: [], kustomization };
  for (const resource of kustomization.resources ?? []) {
    const target = path.resolve(dir, resource);
    if (statSync(target).isDirectory()) {
      const nested = readKustomization(target);
      tree.objects.push(...nested.objects);
      tree.files.push(...nested.files);
      tree.patches.push(...nested.patches);
    } else {
      tree.objects.push(...readYaml<K8sObject>(target));
      tree.files.push(target);
    }
  }
  for (const patch of kustomization.patches ?? []) {
    if (!patch.path) continue;
    const target = path.resolve(dir, patch.path);
    tree.files.push(target);
    tree.patches.push(...readYaml<K8sObject>(target));
  }
  return tree;
}

const kubectlAvailable =
  spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** Whether overlays can be rendered here (kubectl with its built-in Kustomize). */
export const canRender = kubectlAvailable;

/** The objects `kubectl apply -k <dir>` would send. */
export function render(dir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`kubectl kustomize ${path.relative(ROOT, dir)}: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((doc) => doc.toJS() as K8sObject);
}

export const ofKind = (objects: readonly K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind);

export function find(
  objects: readonly K8sObject[],
  kind: string,
  name: string,
): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

/** Every container of a pod template, init containers included. */
export const containersOf = (spec: PodSpec): Container[] => [
  ...(spec.initContainers ?? []),
  ...spec.containers,
];

/** Pod templates of Deployments and Jobs. */
export function podTemplates(
  objects: readonly K8sObject[],
): { owner: K8sObject; template: PodTemplate }[] {
  return objects
    .filter((o) => (o.kind === 'Deployment' || o.kind === 'Job') && o.spec?.template)
    .map((owner) => ({ owner, template: owner.spec!.template! }));
}

/** The value a container sets for an env var directly (not through envFrom). */
export const envValue = (container: Container, name: string) =>
  container.env?.find((e) => e.name === name)?.value;

/** The compose file, parsed. */
export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
  read_only?: boolean;
  stop_grace_period?: string;
  user?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(): ComposeFile {
  const file = path.join(ROOT, 'docker-compose.yml');
  if (!existsSync(file)) throw new Error('docker-compose.yml is missing');
  const [compose] = readYaml<ComposeFile>(file);
  if (!compose) throw new Error('docker-compose.yml is empty');
  return compose;
}

/** `"127.0.0.1:5432:5432"` → `{ host: '127.0.0.1', published: 5432, target: 5432 }`. */
export function parsePort(spec: string): { host?: string; published: number; target: number } {
  const parts = spec.split(':');
  const target = Number(parts.at(-1));
  const published = Number(parts.at(-2) ?? target);
  return { host: parts.length === 3 ? parts[0] : undefined, published, target };
}

/** Duration strings of compose (`20s`, `1m30s`) in seconds. */
export function seconds(duration: string): number {
  let total = 0;
  // eslint-disable-next-line regexp/no-super-linear-move -- reads durations in the repository's own manifests
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}
