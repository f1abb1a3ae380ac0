import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { fnv1a32, partitionOf } from './partition';

/**
 * FNV-1a-32 written the textbook way, independently of the implementation under test:
 * UTF-8 bytes from TextEncoder, arithmetic modulo 2^32 in BigInt.
 */
function referenceFnv1a32Bytes(bytes: Iterable<number>): number {
  let hash = 0x811c9dc5n;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x01000193n) % 0x1_0000_0000n;
  }
  return Number(hash);
}

function referenceFnv1a32(input: string): number {
  return referenceFnv1a32Bytes(new TextEncoder().encode(input));
}

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['b', 0xe70c2de5],
    ['foo', 0xa9f37ed7],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a-32 vector', (input, expected) => {
    expect(fnv1a32(input)).toBe(expected);
  });

  it.each([
    ['an ASCII word', 'conversation'],
    ['a UUID', '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e'],
    ['a participant pair', '+15551234567|jane@example.com'],
    ['Latin-1 accents', 'café Ünïcödé ß'],
    ['CJK text', '日本語の会話'],
    ['emoji and ZWJ sequences', 'emoji 😀 and 👩‍👩‍👧'],
    ['a 10 000-character string', 'x'.repeat(10_000)],
  ])('matches a reference implementation over the UTF-8 bytes of %s', (_label, input) => {
    expect(fnv1a32(input)).toBe(referenceFnv1a32(input));
  });

  it('hashes the UTF-8 bytes, not UTF-16 code units', () => {
    // 'é' is one UTF-16 unit (0x00e9) but two UTF-8 bytes (0xc3 0xa9); '€' is three bytes.
    expect(fnv1a32('é')).toBe(referenceFnv1a32Bytes([0xc3, 0xa9]));
    expect(fnv1a32('é')).not.toBe(referenceFnv1a32Bytes([0xe9]));
    expect(fnv1a32('€')).toBe(referenceFnv1a32Bytes([0xe2, 0x82, 0xac]));
  });

  it('always returns an unsigned 32-bit integer', () => {
    for (let i = 0; i < 500; i++) {
      const hash = fnv1a32(randomUUID());
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
    }
  });
});

describe('partitionOf', () => {
  it('is the hash modulo the partition count', () => {
    expect(partitionOf('a', 16)).toBe(0xe40c292c % 16);
    expect(partitionOf('foobar', 16)).toBe(0xbf9cf968 % 16);
    expect(partitionOf('foobar', 7)).toBe(0xbf9cf968 % 7);
  });

  it('stays within [0, partitions) for many ids and partition counts', () => {
    for (const partitions of [1, 2, 3, 7, 16, 1024]) {
      for (let i = 0; i < 200; i++) {
        const partition = partitionOf(randomUUID(), partitions);
        expect(Number.isInteger(partition)).toBe(true);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(partitions);
      }
    }
  });

  it('puts everything on partition 0 when there is a single partition', () => {
    expect(partitionOf('anything', 1)).toBe(0);
    expect(partitionOf('', 1)).toBe(0);
  });

  it('sends one conversation to the same partition every time', () => {
    const id = randomUUID();
    const first = partitionOf(id, 16);
    for (let i = 0; i < 50; i++) expect(partitionOf(id, 16)).toBe(first);
  });

  it('spreads conversations over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(partitionOf(randomUUID(), 16));
    expect(seen.size).toBe(16);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %p partitions',
    (partitions) => {
      expect(() => partitionOf('id', partitions)).toThrow(RangeError);
      expect(() => partitionOf('id', partitions)).toThrow(/partitions must be a positive integer/);
    },
  );
});

// The broker can only take partitioning over if its {{partition(n,1)}} agrees with ours.
const NATS_SERVER = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';
const describeWithNats = existsSync(NATS_SERVER) ? describe : describe.skip;

describeWithNats('partitionOf agrees with nats-server subject mapping', () => {
  let dir: string;
  let server: ChildProcess;
  let nc: NatsConnection;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'partition-spec-'));
    const configFile = path.join(dir, 'nats.conf');
    writeFileSync(
      configFile,
      [
        'host: 127.0.0.1',
        'port: -1',
        'mappings = {',
        '  "probe.*": "mapped.{{partition(16,1)}}.{{wildcard(1)}}"',
        '  "probe7.*": "mapped7.{{partition(7,1)}}.{{wildcard(1)}}"',
        '}',
        '',
      ].join('\n'),
    );
    server = spawn(NATS_SERVER, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Listening for client connections on [^\s]*:(\d+)/.exec(output);
        if (match && output.includes('Server is ready')) resolve(Number(match[1]));
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('exit', (code) =>
        reject(new Error(`nats-server exited with ${code}:\n${output}`)),
      );
      server.once('error', reject);
    });
    nc = await connect({ servers: `127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await nc?.close();
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Publishes `<prefix>.<id>` for every id and returns the subject each one arrived on under `<target>.>`. */
  async function mappedSubjects(
    prefix: string,
    target: string,
    ids: readonly string[],
  ): Promise<Map<string, string>> {
    const received = new Map<string, string>();
    const sub = nc.subscribe(`${target}.>`, { max: ids.length });
    await nc.flush();
    for (const id of ids) nc.publish(`${prefix}.${id}`);
    const timeout = setTimeout(() => sub.unsubscribe(), 10_000);
    for await (const msg of sub) {
      const id = msg.subject.split('.').slice(2).join('.');
      received.set(id, msg.subject);
    }
    clearTimeout(timeout);
    return received;
  }

  const ids = ['a', 'foobar', 'café', '日本語', ...Array.from({ length: 200 }, () => randomUUID())];

  it('routes each of ~200 ids to mapped.<partitionOf(id, 16)>.<id>', async () => {
    const received = await mappedSubjects('probe', 'mapped', ids);

    const expected = new Map(ids.map((id) => [id, `mapped.${partitionOf(id, 16)}.${id}`]));
    expect(received).toEqual(expected);
    // A check that could pass with a constant function proves nothing: the ids cover the range.
    expect(new Set(ids.map((id) => partitionOf(id, 16))).size).toBeGreaterThanOrEqual(12);
  });

  it('agrees for a partition count that is not a power of two', async () => {
    const received = await mappedSubjects('probe7', 'mapped7', ids);

    const expected = new Map(ids.map((id) => [id, `mapped7.${partitionOf(id, 7)}.${id}`]));
    expect(received).toEqual(expected);
  });
});
