import { natsEnv, postgresEnv, redisEnv } from '@switchboard/config';
import {
  SANDBOX,
  appNames,
  defaultOf,
  knownSettings,
  portSetting,
  requiredSettings,
  schemaOf,
} from './app-settings';
import { healthcheckPorts } from './dockerfile';
import {
  BASE_DIR,
  find,
  overlayDir,
  parsePort,
  readCompose,
  readKustomization,
  seconds,
  type ComposeService,
  type K8sObject,
} from './manifests';

const compose = readCompose();
const services = compose.services;
const apps = appNames();
const INFRA = ['postgres', 'redis', 'nats'] as const;

const env = (service: ComposeService) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));

const service = (name: string): ComposeService => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** Named volumes a service mounts (`name:/path`), as opposed to bind mounts. */
const namedVolumes = (s: ComposeService) =>
  (s.volumes ?? [])
    .map((v) => v.split(':')[0]!)
    .filter((source) => !source.startsWith('.') && !source.startsWith('/'));

describe('docker-compose.yml', () => {
  it('runs postgres 15, redis 7 and nats with JetStream, each with a healthcheck and a named volume', () => {
    expect(service('postgres').image).toMatch(/^postgres:15(\b|$)/);
    expect(service('redis').image).toMatch(/^redis:7(\b|$)/);
    expect(service('nats').image).toMatch(/^nats:/);
    const natsCommand = [service('nats').command ?? []].flat().join(' ');
    expect(natsCommand).toMatch(/(^|\s)(-js|--jetstream)(\s|$)/);
    const storeDir = /(?:-sd|--store_dir)\s+(\S+)/.exec(natsCommand)?.[1];
    expect(service('nats').volumes?.some((v) => v.split(':')[1] === storeDir)).toBe(true);
    for (const name of INFRA) {
      expect({ service: name, healthcheck: Boolean(service(name).healthcheck?.test) }).toEqual({
        service: name,
        healthcheck: true,
      });
      const volumes = namedVolumes(service(name));
      expect(volumes.length).toBeGreaterThan(0);
      for (const volume of volumes) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    }
  });

  it('starts the infrastructure on its own, where the services look for it by default', () => {
    // `docker compose up -d postgres redis nats` then `npm start` on the host.
    const defaults = {
      postgres: Number(postgresEnv.shape.POSTGRES_PORT.parse(undefined)),
      redis: Number(new URL(redisEnv.shape.REDIS_URL.parse(undefined)).port),
      nats: Number(new URL(natsEnv.shape.NATS_URL.parse(undefined)).port),
    };
    for (const name of INFRA) {
      expect(service(name).depends_on).toBeUndefined();
      expect(service(name).build).toBeUndefined();
      const ports = (service(name).ports ?? []).map(parsePort);
      expect(ports.map((p) => p.published)).toContain(defaults[name]);
      // Published on loopback only: these run without credentials.
      for (const p of ports) expect(p.host).toBe('127.0.0.1');
    }
  });

  it('runs a one-shot migrate service from the app image before every app', () => {
    const migrate = service('migrate');
    expect(env(migrate).APP).toBe('migrate');
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      nats: { condition: 'service_healthy' },
    });
    for (const app of apps.filter((a) => a !== SANDBOX)) {
      expect({ app, migrate: service(app).depends_on?.migrate }).toEqual({
        app,
        migrate: { condition: 'service_completed_successfully' },
      });
    }
  });

  it.each(apps)('runs %s from the one image, selected by APP', (app) => {
    expect(service(app).image).toBe(service('migrate').image);
    expect(service(app).build).toEqual(service('migrate').build);
    expect(env(service(app)).APP).toBe(app);
  });

  it('waits only on conditions each dependency can report', () => {
    const imageHealthcheck = new Set(Object.keys(healthcheckPorts()));
    const hasHealthcheck = (name: string) =>
      Boolean(service(name).healthcheck?.test) ||
      (service(name).image === service('migrate').image &&
        imageHealthcheck.has(env(service(name)).APP ?? ''));
    for (const [name, s] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(Object.keys(services)).toContain(dependency);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(
          condition,
        );
        if (condition === 'service_healthy') {
          expect({ dependency, healthcheck: hasHealthcheck(dependency) }).toEqual({
            dependency,
            healthcheck: true,
          });
        }
      }
      if (name !== 'migrate' && env(s).APP) expect(s.restart).not.toBe('no');
    }
  });

  it.each(apps)(
    'gives %s the settings its schema requires, and only settings that exist',
    (app) => {
      const settings = env(service(app));
      expect(requiredSettings(schemaOf(app), settings).filter((key) => !(key in settings))).toEqual(
        [],
      );
      const known = knownSettings();
      expect(Object.keys(settings).filter((key) => key !== 'APP' && !known.has(key))).toEqual([]);
    },
  );

  it('lets apps reach each other and the infrastructure by service name', () => {
    for (const app of [...apps, 'migrate']) {
      const settings = env(service(app));
      expect(settings.MIGRATE_ON_START ?? 'false').toBe('false');
      const urls = Object.entries(settings).filter(([, value]) => /^[a-z]+:\/\//.test(value));
      for (const [key, value] of urls) {
        const { hostname, port } = new URL(value);
        expect({ app, key, hostname: Object.keys(services).includes(hostname) }).toEqual({
          app,
          key,
          hostname: true,
        });
        // A URL to an app uses the port that app listens on.
        if (apps.includes(hostname) && port) {
          const target = env(service(hostname))[portSetting(hostname).variable];
          expect(Number(port)).toBe(Number(target ?? portSetting(hostname).defaultPort));
        }
      }
    }
    const settings = env(service('sms-dispatcher'));
    expect(new URL(settings.TWILIO_BASE_URL ?? '').hostname).toBe(SANDBOX);
    expect(new URL(env(service('email-dispatcher')).SENDGRID_BASE_URL ?? '').hostname).toBe(
      SANDBOX,
    );
    expect(new URL(env(service('webhook-ingest')).DATABASE_URL ?? '').hostname).toBe('postgres');
    expect(new URL(env(service('gateway')).NATS_URL ?? '').hostname).toBe('nats');
  });

  it('lets every app drain on stop: stop_grace_period exceeds SHUTDOWN_TIMEOUT_MS', () => {
    for (const app of apps) {
      const shutdownMs = Number(
        env(service(app)).SHUTDOWN_TIMEOUT_MS ?? defaultOf(app, 'SHUTDOWN_TIMEOUT_MS'),
      );
      expect(seconds(service(app).stop_grace_period ?? '10s')).toBeGreaterThan(shutdownMs / 1000);
    }
  });
});

describe('docker-compose.yml and Kubernetes agree', () => {
  const k8s: K8sObject[] = [
    ...readKustomization(BASE_DIR).objects,
    ...readKustomization(overlayDir('development')).objects,
  ];

  it.each(apps)('%s: same service name, same port, and the port the app listens on', (app) => {
    const k8sService = find(k8s, 'Service', app);
    expect(k8sService).toBeDefined();
    const k8sPort = k8sService!.spec!.ports![0]!.port;
    const container = find(k8s, 'Deployment', app)!.spec!.template!.spec.containers[0]!;
    const ports = (service(app).ports ?? []).map(parsePort);
    expect(ports).toHaveLength(1);
    const listening = Number(
      env(service(app))[portSetting(app).variable] ?? portSetting(app).defaultPort,
    );
    expect({
      app,
      compose: ports[0]!.target,
      k8s: k8sPort,
      container: container.ports?.[0]?.containerPort,
    }).toEqual({
      app,
      compose: listening,
      k8s: listening,
      container: listening,
    });
    expect(ports[0]!.published).toBe(listening);
  });
});
