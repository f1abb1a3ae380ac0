import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { eventually, testEnv } from '@switchboard/testing';

const FIXTURE = path.join(__dirname, 'boot-fixture.ts');
/** A process started with tsx on a loaded machine may take a while to say anything. */
const READY_TIMEOUT_MS = 45_000;

interface FixtureProcess {
  child: ChildProcess;
  output(): string;
  /** Lines of JSON logs, parsed; other lines are left out. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs the fixture composition root as its own process, with `env` over a minimal base. */
function runFixture(env: Record<string, string>): FixtureProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      PATH: process.env['PATH'] ?? '',
      ENVIRONMENT: 'test',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const logs = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, output: () => output, logs, exited };
}

async function untilLogged(fixture: FixtureProcess, msg: string): Promise<void> {
  await eventually(
    async () => fixture.logs().some((line) => line['msg'] === msg),
    (seen) => seen,
    { timeoutMs: READY_TIMEOUT_MS, what: () => `"${msg}" in ${fixture.output()}` },
  );
}

describe('bootService (the process of every app)', () => {
  const running: FixtureProcess[] = [];
  const start = (env: Record<string, string> = {}) => {
    const fixture = runFixture(env);
    running.push(fixture);
    return fixture;
  };

  afterEach(() => {
    for (const { child } of running.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops gracefully on %s and exits 0',
    async (signal) => {
      const fixture = start();
      await untilLogged(fixture, 'fixture started');
      fixture.child.kill(signal);
      expect(await fixture.exited).toBe(0);
      // In the order the process logged them (by each line's time: the pipe may interleave).
      const lines = [...fixture.logs()].sort(
        (a, b) => Date.parse(String(a['time'])) - Date.parse(String(b['time'])),
      );
      const expected = [
        'fixture started',
        'boot-fixture stopping',
        'fixture stop begins',
        'fixture stop ends',
        'boot-fixture stopped',
      ];
      expect([...lines.map((line) => line['msg'])].sort()).toEqual([...expected].sort());
      const timeOf = (msg: string) =>
        Date.parse(String(lines.find((line) => line['msg'] === msg)!['time']));
      expect(expected.map(timeOf)).toEqual(expected.map(timeOf).sort((a, b) => a - b));
      expect(lines.find((line) => line['msg'] === 'boot-fixture stopping')).toMatchObject({
        service: 'boot-fixture',
        signal,
      });
    },
    90_000,
  );

  it('exits 1 when start fails, after logging why and stopping what was built', async () => {
    const fixture = start({ FIXTURE_START: 'fail' });
    expect(await fixture.exited).toBe(1);
    const failure = fixture.logs().find((line) => line['msg'] === 'boot-fixture failed to start');
    expect(failure).toMatchObject({
      level: 'fatal',
      err: { message: 'the fixture refuses to start' },
    });
    expect(fixture.logs().map((line) => line['msg'])).toContain('fixture stop ends');
  }, 90_000);

  it('exits 1 when the stop overruns SHUTDOWN_TIMEOUT_MS', async () => {
    const fixture = start({ FIXTURE_STOP_MS: '30000', SHUTDOWN_TIMEOUT_MS: '500' });
    await untilLogged(fixture, 'fixture started');
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(1);
    expect(fixture.logs().map((line) => line['msg'])).toContain(
      'boot-fixture did not stop in time; exiting',
    );
  }, 90_000);

  it('exits 1 with the reason on stderr when the configuration is invalid', async () => {
    const fixture = start({ LOG_LEVEL: 'loud' });
    expect(await fixture.exited).toBe(1);
    expect(fixture.output()).toContain('LOG_LEVEL');
    expect(fixture.logs()).toEqual([]);
  }, 90_000);

  it('exits 1 when a connection cannot be opened', async () => {
    const fixture = start({
      FIXTURE_CONNECT: 'all',
      NATS_URL: 'nats://127.0.0.1:1',
      DATABASE_URL: testEnv().databaseUrl,
    });
    expect(await fixture.exited).toBe(1);
    expect(fixture.logs().map((line) => line['msg'])).not.toContain('fixture started');
  }, 90_000);

  it('opens NATS, PostgreSQL and Redis for the service and reports them in its metrics', async () => {
    const env = testEnv();
    const fixture = start({
      FIXTURE_CONNECT: 'all',
      NATS_URL: env.natsUrl,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    });
    await untilLogged(fixture, 'fixture started');
    const connected = fixture.logs().find((line) => line['msg'] === 'fixture connected');
    expect(connected?.['metrics']).toEqual(
      expect.arrayContaining(['nats_connected', 'pg_pool_connections', 'redis_connected']),
    );
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(0);
  }, 90_000);
});
