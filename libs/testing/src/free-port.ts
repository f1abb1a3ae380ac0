import net from 'node:net';

/**
 * Ports handed out below Linux's ephemeral range (32768–60999 by default): a port the kernel picks
 * for `listen(0)` comes from that range, so between our check and the app's own `listen` an
 * outgoing connection (to PostgreSQL, NATS, …) of any process could take it. Below the range only
 * another listener can, and the bind check sees those.
 */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

function bindsOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on the loopback interface, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (await bindsOn(port)) return port;
  }
}
