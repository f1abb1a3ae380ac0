/**
 * The Kubernetes manifests as the checks read them: the base and development kustomizations,
 * and what the checks ask of their objects.
 */
import path from 'node:path';
import { SANDBOX, appNames, portSetting } from './app-settings';
import {
  BASE_DIR,
  envValue,
  find,
  overlayDir,
  podTemplates,
  readKustomization,
  readYaml,
  type Container,
  type K8sObject,
  type PodSpec,
} from './manifests';

export const base = readKustomization(BASE_DIR);
export const development = readKustomization(overlayDir('development'));
export const baseApps = appNames().filter((app) => app !== SANDBOX);
export const [secretExample] = readYaml<K8sObject>(path.join(BASE_DIR, 'secret.example.yaml'));

export const configMap = (objects: readonly K8sObject[]) => {
  const found = find(objects, 'ConfigMap', 'switchboard-config');
  if (!found?.data) throw new Error('ConfigMap switchboard-config with data is missing');
  return found.data;
};

/** Every Deployment and Job this repository defines: base plus the development-only ones. */
export const workloads = () => podTemplates(development.objects);

export const mainContainer = (spec: PodSpec, name: string): Container => {
  const container = spec.containers.find((c) => c.name === name) ?? spec.containers[0];
  if (!container) throw new Error(`${name}: no container`);
  return container;
};

/** The app a pod runs, from its APP env (the image runs dist/apps/$APP). */
export const appOf = (container: Container) => envValue(container, 'APP');

/** Seconds the preStop hook holds a pod before SIGTERM. */
export function preStopSeconds(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep?.seconds !== undefined) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

/** The port a container is configured to listen on: direct env, the ConfigMap, or the default. */
export function configuredPort(
  app: string,
  container: Container,
  config: Record<string, string>,
): number {
  const { variable, defaultPort } = portSetting(app);
  return Number(envValue(container, variable) ?? config[variable] ?? defaultPort);
}

/** The autoscalers (HPAs and KEDA ScaledObjects) of a Deployment. */
export function autoscalersOf(objects: readonly K8sObject[], deployment: string) {
  return objects.filter(
    (o) =>
      (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') &&
      o.spec?.scaleTargetRef?.name === deployment &&
      (o.spec.scaleTargetRef.kind ?? 'Deployment') === 'Deployment',
  );
}
