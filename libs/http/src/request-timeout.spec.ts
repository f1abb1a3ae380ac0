import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { createLogger, createMetrics, type ServiceMetrics } from '@switchboard/observability';
import { createHttpService, type HttpService } from './http-service';

/**
 * A client that sends its request too slowly is answered 408 and its connection closed, and the
 * place it held under the in-flight bound is free again; a request sent in time may take as
 * long as it needs to be answered (an event stream).
 */
const silent = createLogger({ service: 'test', level: 'silent' });
// Wide enough that the 503 below is answered before the stalled request's 408 on a busy machine.
const TIMEOUT_MS = 1_500;

let http: HttpService;
let metrics: ServiceMetrics;
let port: number;
const sockets: Socket[] = [];

beforeEach(async () => {
  metrics = createMetrics('test');
  http = createHttpService({
    log: silent,
    metrics,
    checks: {},
    inFlight: { max: 1, exempt: (req) => req.url === '/stream' },
    requestTimeoutMs: TIMEOUT_MS,
    headersTimeoutMs: TIMEOUT_MS,
    routes: (app) => {
      app.post('/echo', (req, res) => {
        let bytes = 0;
        req.on('data', (chunk: Buffer) => (bytes += chunk.length));
        req.on('end', () => res.json({ bytes }));
      });
      app.get('/stream', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': open\n\n');
        setTimeout(() => res.end('data: done\n\n'), TIMEOUT_MS * 2);
      });
    },
  });
  port = (await http.listen(0, '127.0.0.1')).port;
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await http.close(1_000);
});

/** A raw connection, and everything the server sends on it until it closes it. */
async function rawClient(): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => received);
  return { socket, closed };
}

async function inFlight(): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('http_requests_in_flight')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('a request that arrives too slowly', () => {
  it('is answered 408 when its headers never end', async () => {
    const { socket, closed } = await rawClient();
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('is answered 408 when its body stalls, and frees its place for the next request', async () => {
    const { socket, closed } = await rawClient();
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123456789',
    );
    // It holds the only place: the next request is refused while it stalls.
    while ((await inFlight()) === 0) await new Promise((r) => setTimeout(r, 10));
    expect(
      (await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: 'x' })).status,
    ).toBe(503);

    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
    expect(await inFlight()).toBe(0);
    const next = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: 'abc' });
    expect([next.status, await next.json()]).toEqual([200, { bytes: 3 }]);
  });
});

describe('a request that arrived in time', () => {
  it('leaves its kept-alive connection open for the next request, however long it waits', async () => {
    const { socket } = await rawClient();
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const ask = async () => {
      received = '';
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      while (!/\r\n\r\n[\s\S]*\}/.test(received)) await new Promise((r) => setTimeout(r, 10));
      return received;
    };
    expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
    // Idle for longer than both timeouts: only the keep-alive timeout (65 s) closes it.
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 2));
    expect(socket.destroyed).toBe(false);
    expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('may be answered for longer than the timeout', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/stream`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(': open\n\ndata: done\n\n');
  });
});
