import http from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';

export interface Answer<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

/** One HTTP call, from `localAddress` when given (a rate-limited client is its address). */
export function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; from?: string } = {},
): Promise<Answer<T>> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      {
        method,
        localAddress: options.from,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A loopback address no other client of this run uses. */
export const clientAddress = () =>
  `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
export const newKey = () => `resilience-${randomUUID()}`;
export const smsTo = (to: string, body = 'Hello once') => ({
  from: '+15551234567',
  to,
  type: 'sms',
  body,
});

/** The value of one sample in the Prometheus text format, 0 when absent. */
export async function metric(base: string, name: string): Promise<number> {
  const text = (await call<string>(base, 'GET', '/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
