import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { sharedSecretRule } from '@switchboard/config';

/** Development-only signing secret of one-click unsubscribe links: public, refused in production. */
export const SANDBOX_UNSUBSCRIBE_SECRET = 'sandbox-unsubscribe-secret';

/** Where one-click unsubscribe links point, under the public base URL (served by webhook-ingest). */
export const UNSUBSCRIBE_PATH = '/api/v1/webhooks/unsubscribe';

/**
 * The settings of one-click unsubscribe links: the secret that signs them (email-dispatcher signs,
 * webhook-ingest verifies: both need the same value) and the mailbox of the `mailto:` link.
 */
export const unsubscribeEnv = z.object({
  UNSUBSCRIBE_SECRET: z.string().min(1).default(SANDBOX_UNSUBSCRIBE_SECRET),
  UNSUBSCRIBE_MAILTO: z.email().default('unsubscribe@switchboard.test'),
});

/** In production the signing secret must be a random one of your own. */
export const unsubscribeProductionRules = [
  {
    setting: 'UNSUBSCRIBE_SECRET' as const,
    unsafe: (c: { UNSUBSCRIBE_SECRET: string }) =>
      c.UNSUBSCRIBE_SECRET === SANDBOX_UNSUBSCRIBE_SECRET,
    fix: 'must be a random secret of your own (e.g. `openssl rand -hex 32`): anyone could unsubscribe anyone with the sandbox value',
  },
  sharedSecretRule('UNSUBSCRIBE_SECRET', SANDBOX_UNSUBSCRIBE_SECRET),
];

/** Whom an unsubscribe link unsubscribes: one recipient address of one tenant, on one channel. */
export interface UnsubscribeSubject {
  tenantId: string;
  channel: 'email';
  address: string;
}

const VERSION = 'v1';
/** Longer tokens are refused unread: tenant ids and addresses are bounded well below this. */
const MAX_TOKEN_CHARS = 1024;
const TOKEN_SHAPE = /^v1\.[\w-]+\.[\w-]{43}$/;
const Payload = z.tuple([z.string().min(1), z.literal('email'), z.string().min(1)]);

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest();

/**
 * A token naming the tenant, channel and address, signed with HMAC-SHA256. It does not expire:
 * RFC 8058 links are followed whenever the recipient acts, possibly months after the mail was
 * sent; changing the secret invalidates every link already sent.
 *
 * @example const token = signUnsubscribeToken(secret, { tenantId: 'acme', channel: 'email', address: 'jane@example.com' });
 */
export function signUnsubscribeToken(secret: string, subject: UnsubscribeSubject): string {
  const payload = Buffer.from(
    JSON.stringify([subject.tenantId, subject.channel, subject.address]),
  ).toString('base64url');
  return `${VERSION}.${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * Whom a token unsubscribes, or `undefined` when it is not one we signed (tampered, forged,
 * truncated, another secret's). The signature is compared in constant time.
 */
export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): UnsubscribeSubject | undefined {
  if (token.length > MAX_TOKEN_CHARS || !TOKEN_SHAPE.test(token)) return undefined;
  const [, payload = '', signature = ''] = token.split('.');
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = Payload.safeParse(decoded);
  if (!parsed.success) return undefined;
  const [tenantId, channel, address] = parsed.data;
  return { tenantId, channel, address };
}

/** The two ways to unsubscribe a mail offers in `List-Unsubscribe`. */
export interface UnsubscribeLinks {
  /** `https://…/api/v1/webhooks/unsubscribe/<token>`: RFC 8058 one-click `POST`, or a page on `GET`. */
  url: string;
  /** `mailto:<UNSUBSCRIBE_MAILTO>?subject=unsubscribe%20<token>`. */
  mailto: string;
}

/**
 * The links of one recipient's mail, signed with the secret.
 *
 * @example const linksFor = unsubscribeLinks({ secret, publicBaseUrl, mailbox }); linksFor({ tenant_id, to })
 */
export function unsubscribeLinks(options: {
  secret: string;
  publicBaseUrl: string;
  mailbox: string;
}): (message: { tenant_id: string; to: string }) => UnsubscribeLinks {
  const base = options.publicBaseUrl.endsWith('/')
    ? options.publicBaseUrl.slice(0, -1)
    : options.publicBaseUrl;
  return (message) => {
    const token = signUnsubscribeToken(options.secret, {
      tenantId: message.tenant_id,
      channel: 'email',
      address: message.to,
    });
    return {
      url: `${base}${UNSUBSCRIBE_PATH}/${token}`,
      mailto: `mailto:${options.mailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`,
    };
  };
}
