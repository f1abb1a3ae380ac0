import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The rate the capacity model is drawn for, messages per second end to end. */
export const PLANNED_RATE = 10_000;
/** The share of a replica's CPU limit it is planned to use at that rate: room for bursts. */
export const PLANNED_UTILIZATION = 0.7;

/** How one app of the Kubernetes manifests is sized and scaled. */
export interface ScalingSetting {
  app: string;
  /** Cores a replica asks for, and may use at most. */
  cpuRequest: number;
  cpuLimit: number;
  /** What scales it: an HPA on CPU (its utilization target, of the request), or KEDA on lag. */
  autoscaler: 'HPA' | 'KEDA';
  utilizationTarget: number | null;
  maxReplicas: number;
}

/** One row of the plan: a process, its cost, and what the rate needs of it. */
export interface CapacityRow {
  process: string;
  cpuUsPerMessage: number;
  /** Cores the planned rate keeps busy. */
  cores: number;
  /** Replicas at the planned utilization of their CPU limit; null for the servers we do not deploy. */
  replicas: number | null;
  setting: ScalingSetting | null;
}

/** Kubernetes CPU quantities: `'1'`, `'500m'`, `2`. */
export function cores(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

interface Manifest {
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    maxReplicas?: number;
    maxReplicaCount?: number;
    metrics?: { resource?: { target?: { averageUtilization?: number } } }[];
    scaleTargetRef?: { name?: string };
    template?: {
      spec?: {
        containers?: {
          resources?: {
            requests?: { cpu?: string | number };
            limits?: { cpu?: string | number };
          };
        }[];
      };
    };
  };
}

/** The CPU sizes and autoscaling bounds of every Deployment in a manifests directory. */
export function readScalingSettings(dir: string): ScalingSetting[] {
  const docs = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map(
        (doc) => doc.toJS() as Manifest | null,
      ),
    )
    .filter((doc): doc is Manifest => doc !== null && typeof doc === 'object');
  return docs
    .filter((doc) => doc.kind === 'Deployment' && doc.metadata?.name)
    .flatMap((deployment) => {
      const app = deployment.metadata!.name!;
      const resources = deployment.spec?.template?.spec?.containers?.[0]?.resources;
      const scaler = docs.find(
        (doc) =>
          (doc.kind === 'HorizontalPodAutoscaler' || doc.kind === 'ScaledObject') &&
          doc.spec?.scaleTargetRef?.name === app,
      );
      if (!scaler) return [];
      const keda = scaler.kind === 'ScaledObject';
      return [
        {
          app,
          cpuRequest: cores(resources?.requests?.cpu),
          cpuLimit: cores(resources?.limits?.cpu),
          autoscaler: keda ? ('KEDA' as const) : ('HPA' as const),
          utilizationTarget: keda
            ? null
            : (scaler.spec?.metrics?.find((m) => m.resource)?.resource?.target
                ?.averageUtilization ?? null),
          maxReplicas: (keda ? scaler.spec?.maxReplicaCount : scaler.spec?.maxReplicas) ?? 0,
        },
      ];
    });
}

/**
 * What `rate` messages per second need of each process, from its CPU per delivered message:
 * cores, and for our apps replicas at `PLANNED_UTILIZATION` of their CPU limit, beside what the
 * manifests let the autoscaler reach. Processes that are not the product (the load generator,
 * the provider stand-in, the whole machine) are left out.
 */
export function capacityPlan(
  cpuUsPerMessage: Readonly<Record<string, number>>,
  settings: readonly ScalingSetting[],
  rate = PLANNED_RATE,
): CapacityRow[] {
  const skipped = new Set(['load generator', 'provider-sandbox', '(whole machine)']);
  return Object.entries(cpuUsPerMessage)
    .filter(([process, us]) => !skipped.has(process) && us > 0)
    .map(([process, us]) => {
      const busy = (us * rate) / 1e6;
      const setting = settings.find((s) => s.app === process) ?? null;
      const replicas =
        setting && setting.cpuLimit > 0
          ? Math.ceil(busy / (setting.cpuLimit * PLANNED_UTILIZATION))
          : null;
      return { process, cpuUsPerMessage: us, cores: busy, replicas, setting };
    })
    .sort((a, b) => b.cores - a.cores);
}
