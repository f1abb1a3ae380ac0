import { freePort } from './free-port';

describe('freePort', () => {
  const saved = { workers: process.env['TEST_WORKERS'], worker: process.env['JEST_WORKER_ID'] };
  afterEach(() => {
    for (const [key, value] of [
      ['TEST_WORKERS', saved.workers],
      ['JEST_WORKER_ID', saved.worker],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const draw = async (count: number) => {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) ports.push(await freePort());
    return ports;
  };

  it('hands out ports below the ephemeral range', async () => {
    delete process.env['TEST_WORKERS'];
    for (const port of await draw(50)) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_000);
    }
  });

  it('gives each of the workers side by side a slice of its own', async () => {
    process.env['TEST_WORKERS'] = '2';
    process.env['JEST_WORKER_ID'] = '1';
    const first = await draw(50);
    process.env['JEST_WORKER_ID'] = '2';
    const second = await draw(50);
    expect(Math.max(...first)).toBeLessThan(26_000);
    expect(Math.min(...second)).toBeGreaterThanOrEqual(26_000);
    expect(Math.max(...second)).toBeLessThan(32_000);
  });

  it('never answers calls made together with the same port', async () => {
    // A slice of 2,000 ports: 300 draws at random repeat some (about 22 pairs), and the bind
    // check alone catches only the repeats checked at the same instant.
    process.env['TEST_WORKERS'] = '6';
    process.env['JEST_WORKER_ID'] = '3';
    const ports = await Promise.all(Array.from({ length: 300 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
  });
});
