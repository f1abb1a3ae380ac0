import net from 'node:net';
import type { Readable } from 'node:stream';
import NodeClam from 'clamscan';
import { ScannerUnavailableError } from './media-errors';
import type { ScanVerdict } from './scan-verdict';

export interface ClamdSettings {
  host: string;
  port: number;
  /** How long one scan may take before the scanner counts as unavailable. */
  timeoutMs: number;
}

/** A malware scanner reading a stream: clamd's INSTREAM. */
export interface MalwareScanner {
  /**
   * Streams the file to the scanner. Resolves with its verdict; throws
   * `ScannerUnavailableError` when the scanner cannot be reached or times out (the stream is
   * then drained, so a tee feeding it is not held up).
   */
  scan(stream: Readable): Promise<ScanVerdict>;
  /** Whether clamd answers PING (readiness). */
  ping(): Promise<boolean>;
}

/** clamd's answer when it refuses a file (size limit, unreadable format): a verdict, not an outage. */
const CLAMD_REFUSAL = /An error occurred while scanning/;

/**
 * Scans with clamd over TCP through the `clamscan` client, streamed (INSTREAM): the file is
 * never held in memory whole.
 *
 * @example const verdict = await createClamdScanner({ host: '127.0.0.1', port: 3310, timeoutMs: 30_000 }).scan(stream)
 */
export function createClamdScanner(settings: ClamdSettings): MalwareScanner {
  // bypassTest: clamd may be down at start-up; each scan connects anew and fails closed.
  const client = new NodeClam().init({
    preference: 'clamdscan',
    clamscan: { active: false },
    clamdscan: {
      host: settings.host,
      port: settings.port,
      timeout: settings.timeoutMs,
      localFallback: false,
      bypassTest: true,
      active: true,
    },
  });
  return {
    async scan(stream) {
      let timer: NodeJS.Timeout | undefined;
      // A source that fails (too large, client gone) ends the scan at once, whenever it happens.
      const sourceFailed = new Promise<never>((_, reject) => {
        stream.once('error', reject);
        stream.once('close', () => {
          if (!stream.readableEnded) reject(new Error('the file stream closed before its end'));
        });
      });
      sourceFailed.catch(() => undefined);
      try {
        const clam = await client;
        const result = await Promise.race([
          sourceFailed,
          clam.scanStream(stream),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no verdict within ${settings.timeoutMs} ms`)),
              settings.timeoutMs,
            );
          }),
        ]);
        if (result.isInfected === true) {
          return { status: 'infected', signature: result.viruses[0] ?? 'unknown' };
        }
        if (result.isInfected === false) return { status: 'clean' };
        throw new Error(`clamd answered ${result.resultString ?? 'nothing'}`);
      } catch (err) {
        if (err instanceof Error && CLAMD_REFUSAL.test(err.message)) {
          return { status: 'error', reason: err.message.replace(/^.*stream: /, '') };
        }
        stream.resume();
        throw new ScannerUnavailableError(err);
      } finally {
        clearTimeout(timer);
      }
    },
    ping: () => clamdAnswers(settings),
  };
}

/** Whether clamd at this address answers PING with PONG within its timeout. */
export function clamdAnswers(settings: Omit<ClamdSettings, 'timeoutMs'> & { timeoutMs?: number }) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: settings.host, port: settings.port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(settings.timeoutMs ?? 2_000, () => done(false));
    socket.once('connect', () => socket.write('zPING\0'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('PONG')) done(true);
    });
    socket.once('error', () => done(false));
    socket.once('end', () => done(reply.includes('PONG')));
  });
}
