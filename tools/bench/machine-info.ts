import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { cpusAllowed, formatCpuList } from './cpu-affinity';

const ROOT = path.resolve(__dirname, '../..');

/** Packages whose versions decide the figures. */
const PACKAGES = [
  'express',
  '@nats-io/transport-node',
  '@nats-io/jetstream',
  'pg',
  'kysely',
  'ioredis',
  'twilio',
  'autocannon',
] as const;

export interface MachineState {
  /** 1, 5 and 15 minute load averages. */
  loadavg: [number, number, number];
  /** Share of all CPU time spent busy over one second, by anything on the machine. */
  cpu_busy_percent: number;
  /**
   * The cores each process may run on (`0-1`): this run (and so every process it starts) and
   * the servers it uses, where they are on this machine. Narrower than the machine when pinned.
   */
  cpus_allowed?: Record<string, string>;
}

export interface MachineInfo {
  nproc: number;
  cpu_model: string;
  memory_mb: number;
  os: string;
  versions: Record<string, string>;
}

function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const values = fields.map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - idle, total };
}

/**
 * How busy the machine is right now: load averages and one second of CPU accounting, and the
 * cores `processes` (name → pid) may run on.
 */
export async function machineState(
  processes: Readonly<Record<string, number>> = {},
): Promise<MachineState> {
  const before = cpuTimes();
  await new Promise((r) => setTimeout(r, 1_000));
  const after = cpuTimes();
  const total = after.total - before.total;
  const [one, five, fifteen] = os.loadavg();
  return {
    loadavg: [one, five, fifteen].map((v) => Math.round((v ?? 0) * 100) / 100) as [
      number,
      number,
      number,
    ],
    cpu_busy_percent: total > 0 ? Math.round(((after.busy - before.busy) / total) * 100) : 0,
    cpus_allowed: Object.fromEntries(
      Object.entries(processes).flatMap(([name, pid]) => {
        const cpus = cpusAllowed(pid);
        return cpus ? [[name, formatCpuList(cpus)]] : [];
      }),
    ),
  };
}

const firstLine = (command: string, args: readonly string[]) =>
  spawnSync(command, args, { encoding: 'utf8' }).stdout?.split('\n')[0]?.trim() || 'unknown';

function packageVersion(name: string): string {
  try {
    const file = path.join(ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** The hardware and software the figures were measured on. */
export async function machineInfo(databaseUrl: string): Promise<MachineInfo> {
  // The maintenance database: the configured one need not exist yet on a fresh machine.
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  let postgres = 'unknown';
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    postgres = rows[0]?.server_version ?? postgres;
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    // The machine's cores, whatever this run is pinned to (`machine_state` says that).
    nproc: os.cpus().length,
    cpu_model: os.cpus()[0]?.model.trim() ?? 'unknown',
    memory_mb: Math.round(os.totalmem() / 2 ** 20),
    os: `${os.type()} ${os.release()}`,
    versions: {
      node: process.versions.node,
      postgres,
      'nats-server': firstLine(process.env['NATS_SERVER_BIN'] ?? 'nats-server', [
        '--version',
      ]).replace(/^nats-server:\s*v?/, ''),
      redis: /v=(\S+)/.exec(firstLine('redis-server', ['--version']))?.[1] ?? 'unknown',
      ...Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    },
  };
}
