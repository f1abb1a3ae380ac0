import net from 'node:net';

/**
 * Ports handed out below Linux's ephemeral range (32768–60999 by default): a port the kernel picks
 * for `listen(0)` comes from that range, so between our check and the app's own `listen` an
 * outgoing connection (to PostgreSQL, NATS, …) of any process could take it. Below the range only
 * another listener can, and the bind check sees those.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

/**
 * The slice of the range this process draws from: with Jest workers side by side (`TEST_WORKERS`),
 * each has its own, so a port one worker's server gives up for a moment (a database stopped and
 * started again on the same port) cannot go to another worker's app meanwhile.
 */
function portSlice(): { from: number; to: number } {
  const workers = Math.max(1, Math.floor(Number(process.env['TEST_WORKERS'] ?? 1)) || 1);
  const worker = Math.max(1, Math.floor(Number(process.env['JEST_WORKER_ID'] ?? 1)) || 1);
  const size = Math.floor((PORT_RANGE.to - PORT_RANGE.from) / workers);
  const from = PORT_RANGE.from + ((worker - 1) % workers) * size;
  return { from, to: from + size };
}

function bindsOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The ports this process handed out lately. A port stays free until its app binds it, seconds
 * later: without this, the calls a stack makes together (a port per app, then one for the
 * sandbox's SMTP receiver) could each be answered the same one, and one app would fail to listen.
 */
const handedOut = new Set<number>();
const HANDED_OUT_KEPT = 1_000;

/**
 * A free TCP port on the loopback interface, outside the ephemeral range, in this worker's slice,
 * and none this process was answered lately.
 */
export async function freePort(): Promise<number> {
  const { from, to } = portSlice();
  for (;;) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (handedOut.has(port)) continue;
    // Taken before the check, so a call made meanwhile cannot draw it too.
    handedOut.add(port);
    if (await bindsOn(port)) {
      // At most half the slice is held back, so a small slice (many workers) still has ports.
      const kept = Math.min(HANDED_OUT_KEPT, Math.floor((to - from) / 2));
      while (handedOut.size > kept) handedOut.delete(handedOut.values().next().value!);
      return port;
    }
    handedOut.delete(port);
  }
}
