import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  NATS_ADMIN_USER,
  NATS_SERVICES,
  NATS_USERS,
  natsPasswordVariable,
  type NatsUser,
} from '@switchboard/messaging';
import {
  AUTHORIZATION_CONF,
  HELM_VALUES,
  authorizationConf,
  helmAuthorization,
} from './nats-config';
import { SANDBOX, appNames, usesMedia, usesPostgres } from './app-settings';
import {
  BASE_DIR,
  overlayDir,
  podTemplates,
  readCompose,
  readKustomization,
  readYaml,
  type K8sObject,
} from './manifests';

/**
 * NATS is a trust boundary: every shipped NATS server enforces the one permission table
 * (NATS_PERMISSIONS), every service connects as its own user, and the Kubernetes network lets
 * each pod reach only what the architecture needs.
 */
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface HelmEnv {
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface NatsValues {
  config?: {
    nats?: { tls?: { enabled?: boolean; secretName?: string } };
    merge?: { authorization?: unknown };
  };
  container?: { env?: Record<string, HelmEnv> };
}

const [values = {}] = readYaml<NatsValues>(HELM_VALUES);
const compose = readCompose();
const development = readKustomization(overlayDir('development'));
const base = readKustomization(BASE_DIR);
const [, natsSecret] = readYaml<K8sObject>(path.join(BASE_DIR, 'secret.example.yaml'));

/** The NATS user each workload connects as: its own; the migrate job provisions as admin. */
const userOf = (workload: string): NatsUser =>
  workload === 'migrate' || workload === 'switchboard-migrate'
    ? NATS_ADMIN_USER
    : (workload as NatsUser);
const natsApps = appNames().filter((app) => app !== SANDBOX);

describe('NATS authorization', () => {
  it('covers every app that talks to NATS with a user of its own', () => {
    expect([...NATS_SERVICES].sort()).toEqual([...natsApps].sort());
  });

  it('ships infra/nats/authorization.conf as rendered from the permission table', () => {
    expect(readFileSync(AUTHORIZATION_CONF, 'utf8')).toBe(authorizationConf());
  });

  it('gives the Helm chart the same users and permissions, passwords from a Secret', () => {
    expect(values.config?.merge?.authorization).toEqual(helmAuthorization());
    for (const user of NATS_USERS) {
      expect({ user, env: values.container?.env?.[natsPasswordVariable(user)] }).toEqual({
        user,
        env: { valueFrom: { secretKeyRef: { name: 'nats-users', key: user } } },
      });
    }
    expect(values.config?.nats?.tls).toMatchObject({ secretName: expect.any(String) });
  });

  it('runs docker-compose.yml NATS with the rendered authorization, and each app as its own user', () => {
    const nats = compose.services['nats']!;
    const command = [nats.command ?? []].flat().join(' ');
    const configFile = /--config\s+(\S+)/.exec(command)?.[1];
    expect(nats.volumes).toContain(`./infra/nats/authorization.conf:${configFile}:ro`);
    const serverEnv = (nats as { environment?: Record<string, string> }).environment ?? {};
    for (const app of [...natsApps, 'migrate']) {
      const settings = (compose.services[app] as { environment?: Record<string, string> })
        .environment!;
      const user = userOf(app);
      expect({ app, user: settings['NATS_USER'] }).toEqual({ app, user });
      // The app's password and the server's are the same setting, with the same default.
      expect({ app, password: settings['NATS_PASSWORD'] }).toEqual({
        app,
        password: serverEnv[natsPasswordVariable(user)],
      });
    }
  });

  it('gives every Kubernetes workload its own NATS user and password from switchboard-nats', () => {
    const workloads = podTemplates(development.objects).filter(
      ({ owner }) => owner.metadata.name !== SANDBOX,
    );
    expect(workloads.length).toBe(natsApps.length + 1);
    for (const { owner, template } of workloads) {
      const env = (template.spec.containers[0]!.env ?? []) as EnvVar[];
      const user = userOf(owner.metadata.name);
      expect({
        workload: owner.metadata.name,
        user: env.find((e) => e.name === 'NATS_USER')?.value,
        password: env.find((e) => e.name === 'NATS_PASSWORD')?.valueFrom,
      }).toEqual({
        workload: owner.metadata.name,
        user,
        password: { secretKeyRef: { name: 'switchboard-nats', key: user } },
      });
    }
    expect(natsSecret?.metadata.name).toBe('switchboard-nats');
    expect(Object.keys(natsSecret?.stringData ?? {}).sort()).toEqual([...NATS_USERS].sort());
  });
});

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol?: string; port?: number | string }[];
}
interface NetworkPolicy {
  metadata: { name: string };
  spec: { podSelector: Selector; policyTypes: string[]; ingress?: Rule[]; egress?: Rule[] };
}

function selects(selector: Selector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return (e.values ?? []).includes(labels[e.key] ?? '');
    if (e.operator === 'NotIn') return !(e.values ?? []).includes(labels[e.key] ?? '');
    throw new Error(`operator ${e.operator} is not understood by this check`);
  });
  return byLabel && byExpression;
}

const policies = (objects: readonly K8sObject[]) =>
  objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
const namespaceOf = (peer: Peer) =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
const appLabel = (name: string) => ({ 'app.kubernetes.io/name': name });

/** Egress `app` is allowed to a namespace on a port, by some policy. */
function egressTo(objects: readonly K8sObject[], app: string, namespace: string, port: number) {
  return policies(objects).some(
    (p) =>
      selects(p.spec.podSelector, appLabel(app)) &&
      (p.spec.egress ?? []).some(
        (rule) =>
          (rule.to ?? []).some((peer) => namespaceOf(peer) === namespace) &&
          (rule.ports ?? []).some((x) => x.port === port),
      ),
  );
}

/** Peers allowed to reach `app` at all, by some policy. */
function ingressFrom(objects: readonly K8sObject[], app: string): Peer[] {
  return policies(objects)
    .filter((p) => selects(p.spec.podSelector, appLabel(app)))
    .flatMap((p) => (p.spec.ingress ?? []).flatMap((rule) => rule.from ?? []));
}

describe('Kubernetes network policies', () => {
  const objects = base.objects;
  const workloads = ['migrate', ...natsApps];

  it('denies every flow in the namespace unless a policy opens it', () => {
    const deny = policies(objects).find(
      (p) =>
        Object.keys(p.spec.podSelector).length === 0 &&
        p.spec.policyTypes.includes('Ingress') &&
        p.spec.policyTypes.includes('Egress') &&
        !p.spec.ingress &&
        !p.spec.egress,
    );
    expect(deny).toBeDefined();
  });

  it('understands the selectors (so the checks below are not vacuous)', () => {
    expect(egressTo(objects, 'gateway', 'nats', 4222)).toBe(true);
    expect(egressTo(objects, 'gateway', 'switchboard-db', 5432)).toBe(false);
    expect(egressTo(objects, 'no-such-app', 'nats', 4222)).toBe(false);
  });

  it.each(workloads)('lets %s reach NATS, and PostgreSQL only when it has a database', (app) => {
    expect(egressTo(objects, app, 'nats', 4222)).toBe(true);
    const needsPostgres = app === 'migrate' || usesPostgres(app);
    expect({ app, postgres: egressTo(objects, app, 'switchboard-db', 5432) }).toEqual({
      app,
      postgres: needsPostgres,
    });
    expect({ app, redis: egressTo(objects, app, 'redis', 6379) }).toEqual({
      app,
      redis: app === 'gateway' || app === 'webhook-ingest',
    });
    expect({ app, clamd: egressTo(objects, app, 'clamav', 3310) }).toEqual({
      app,
      clamd: app !== 'migrate' && usesMedia(app),
    });
  });

  it('admits traffic from the Ingress controller to the gateway and webhook-ingest only', () => {
    for (const app of workloads) {
      const fromIngress = ingressFrom(objects, app).some((p) => namespaceOf(p) === 'ingress-nginx');
      expect({ app, fromIngress }).toEqual({
        app,
        fromIngress: app === 'gateway' || app === 'webhook-ingest',
      });
    }
  });

  it('lets no pod reach conversation-service or the dispatchers, except Prometheus', () => {
    for (const app of ['conversation-service', 'sms-dispatcher', 'email-dispatcher']) {
      expect({
        app,
        from: ingressFrom(development.objects, app).map((p) => namespaceOf(p) ?? 'a pod'),
      }).toEqual({ app, from: ['monitoring'] });
    }
  });

  it('keeps the dispatchers off private addresses when calling providers', () => {
    const rules = policies(objects)
      .filter((p) => selects(p.spec.podSelector, appLabel('sms-dispatcher')))
      .flatMap((p) => p.spec.egress ?? [])
      .flatMap((r) => r.to ?? [])
      .filter((peer) => peer.ipBlock);
    expect(rules.length).toBeGreaterThan(0);
    for (const peer of rules) expect(peer.ipBlock?.except).toContain('10.0.0.0/8');
  });
});
