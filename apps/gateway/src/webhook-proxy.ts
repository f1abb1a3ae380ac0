import http, { type IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ErrorCodes } from '@switchboard/contracts';
import { problemFor, sendProblem } from '@switchboard/http';
import type { Logger } from '@switchboard/observability';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([key]) => !HOP_BY_HOP.has(key.toLowerCase())),
  );
}

/**
 * Streams webhook requests to webhook-ingest untouched (bodies are signed byte for byte), so one
 * base URL serves the API and the webhooks locally, as an Ingress routes them in Kubernetes.
 */
export function webhookProxy(target: string, log: Logger): RequestHandler {
  const origin = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return (req, res) => {
    const upstream = http.request(
      {
        protocol: origin.protocol,
        hostname: origin.hostname,
        port: origin.port,
        method: req.method,
        path: req.originalUrl,
        agent,
        headers: {
          ...forwardable(req.headers),
          'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress]
            .filter(Boolean)
            .join(', '),
          'x-forwarded-host': req.headers['x-forwarded-host'] ?? req.headers.host ?? '',
          'x-forwarded-proto':
            (req.headers['x-forwarded-proto'] as string | undefined) ?? req.protocol,
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      log.warn({ err: err.message }, 'webhook-ingest unreachable');
      if (!res.headersSent) {
        sendProblem(
          res,
          problemFor(
            ErrorCodes.unavailable,
            'Webhook processing is unavailable; retry later',
            req.originalUrl,
          ),
        );
      } else {
        res.destroy();
      }
    });
    req.pipe(upstream);
  };
}
