/**
 * The media benchmark: upload-and-scan throughput through the gateway (`POST /api/v1/media`:
 * streamed to object storage and clamd at once, hashed, typed, recorded) next to raw clamd
 * INSTREAM throughput on the same machine, the same files at the same concurrency.
 *
 *   npm run bench:media                               256 KiB and 4 MiB files, 4 at a time
 *   npm run bench:media -- --concurrency=8 --quick    other concurrency; fewer files
 *
 * clamd and object storage are the configured ones (`CLAMD_HOST`/`CLAMD_PORT`, `S3_*`), by
 * default the local clamd and S3 server `npm start` runs; PostgreSQL as for `npm start`, in a
 * database of its own (`switchboard_bench_media`). Prints a table for docs/MEDIA.md.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { loadConfig, databaseUrl, postgresEnv } from '@switchboard/config';
import { ensureDatabase } from '@switchboard/db';
import { LOCAL_CLAMD, mediaEnv } from '@switchboard/media';
import { startStack } from '@switchboard/testing';
import { z } from 'zod';
import { machineInfo, machineState } from './machine-info';

const settings = loadConfig(z.object({ ...postgresEnv.shape, ...mediaEnv.shape }), {
  ...process.env,
  POSTGRES_DB: 'switchboard_bench_media',
  DATABASE_URL: '',
});
const args = new Set(process.argv.slice(2));
const option = (name: string, fallback: number) => {
  const raw = [...args].find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return raw === undefined ? fallback : Number(raw);
};
const CONCURRENCY = option('concurrency', 4);
const QUICK = args.has('--quick');
const KIB = 1024;
const SETS = [
  { size: 256 * KIB, files: QUICK ? 40 : 200 },
  { size: 4 * KIB * KIB, files: QUICK ? 8 : 40 },
];
const clamd = {
  host: settings.CLAMD_HOST ?? LOCAL_CLAMD.host,
  port: settings.CLAMD_PORT ?? LOCAL_CLAMD.port,
};

/** Distinct text files (base64 of random bytes): no magic number, typed `text/plain`, never deduplicated. */
const textFiles = (size: number, count: number) =>
  Array.from({ length: count }, () =>
    Buffer.from(randomBytes(size).toString('base64')).subarray(0, size),
  );

/** One file through clamd's INSTREAM on a socket of its own, in 64 KiB chunks; answers clamd's reply. */
function instream(file: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(clamd);
    let reply = '';
    socket.once('error', reject);
    socket.on('data', (d) => (reply += d.toString()));
    socket.once('end', () => resolve(reply.replace(/\0$/, '')));
    socket.once('connect', () => {
      socket.write('zINSTREAM\0');
      for (let at = 0; at < file.length; at += 64 * KIB) {
        const chunk = file.subarray(at, at + 64 * KIB);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        socket.write(length);
        socket.write(chunk);
      }
      socket.end(Buffer.alloc(4));
    });
  });
}

/** Runs `work` over the files, `CONCURRENCY` at a time; answers the seconds it took. */
async function timed(files: Buffer[], work: (file: Buffer) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < files.length) await work(files[next++]!);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Row {
  what: string;
  size: number;
  files: number;
  seconds: number;
}

async function main() {
  const url = databaseUrl(settings);
  await ensureDatabase(url);
  const machine = await machineInfo(url);
  const before = await machineState();
  const stack = await startStack({
    only: ['conversation-service', 'gateway'],
    env: { DATABASE_URL: url, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false' },
  });
  const gateway = stack.url('gateway');
  const rows: Row[] = [];
  try {
    for (const set of SETS) {
      const files = textFiles(set.size, set.files);
      // Warm up both paths (connections, clamd's first scan) before measuring.
      await instream(files[0]!);
      const raw = await timed(files, async (file) => {
        const reply = await instream(file);
        if (!reply.endsWith('OK')) throw new Error(`clamd answered ${reply}`);
      });
      rows.push({ what: 'clamd INSTREAM (raw socket)', ...set, seconds: raw });
      const upload = await timed(files, async (file) => {
        const res = await fetch(`${gateway}/api/v1/media`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: file,
        });
        const body = (await res.json()) as { scan?: { status: string } };
        if (res.status !== 201 || body.scan?.status !== 'clean') {
          throw new Error(`upload answered ${res.status} ${JSON.stringify(body)}`);
        }
      });
      rows.push({ what: 'POST /api/v1/media (store + scan + record)', ...set, seconds: upload });
    }
  } finally {
    await stack.stop();
  }
  const mib = (bytes: number) => bytes / (KIB * KIB);
  console.log(
    `\n${machine.nproc} cores (${machine.cpu_model}), ${machine.memory_mb} MB, ${machine.os}; ` +
      `node ${machine.versions.node}; load before ${before.loadavg.join(' / ')}, ` +
      `${before.cpu_busy_percent}% busy; concurrency ${CONCURRENCY}\n`,
  );
  console.log('| path | file size | files | MiB/s | files/s |');
  console.log('| ---- | --------- | ----- | ----- | ------- |');
  for (const r of rows) {
    const size = r.size >= KIB * KIB ? `${mib(r.size)} MiB` : `${r.size / KIB} KiB`;
    console.log(
      `| ${r.what} | ${size} | ${r.files} | ${(mib(r.size * r.files) / r.seconds).toFixed(1)} | ${(r.files / r.seconds).toFixed(1)} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
