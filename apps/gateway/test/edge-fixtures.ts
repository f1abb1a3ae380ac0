// What the edge-limit spec sends with: its keys and budgets, addresses, requests and bodies.
import http from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import { createLogger } from '@switchboard/observability';

export const SECRET_KEY = 'edge-limits-spec-secret-key-0123456789abcdef';
export const TENANT_BUDGET = 10;
export const FAILURES_PER_IP = 5;
export const run = randomUUID().slice(0, 8);
export const log = createLogger({ service: 'gateway-test', level: 'silent' });

/** A loopback address no other client of this run uses. */
export const clientAddress = () =>
  `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export function request(
  base: string,
  path: string,
  options: { from: string; key?: string; body?: unknown; headers?: Record<string, string> },
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      {
        method: payload === undefined ? 'GET' : 'POST',
        localAddress: options.from,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.key ? { 'x-api-key': options.key } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as unknown) : null,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const sms = (n: number, body = `message ${n}`) => ({
  from: '+15551234567',
  to: `+1555987${String(n).padStart(4, '0')}`,
  type: 'sms',
  body,
});
export const batchOf = (count: number) => ({
  messages: Array.from({ length: count }, (_, n) => sms(n)),
});
