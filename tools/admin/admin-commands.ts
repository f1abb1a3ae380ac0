import { parseArgs } from 'node:util';
import { AppError, type RateLimit } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import {
  claimAddress,
  createTenant,
  getTenant,
  issueApiKey,
  listAddresses,
  listApiKeys,
  listTenants,
  releaseAddress,
  revokeApiKey,
  setTenantRateLimit,
  setTenantTokenIssuer,
  setVoiceForward,
  setVoiceGreeting,
  tenantJwtSecret,
} from '@switchboard/tenancy';
import { CONSENT_COMMANDS, CONSENT_USAGE, runConsentCommand } from './consent-commands';

export interface AdminDeps {
  db: Kysely<Database>;
  /** The gateway's SECRET_KEY: issued keys are hashed with it. */
  secretKey: string;
  /** The gateway's JWT_SECRET, when it has one: tenants' HS256 keys are derived from it. */
  jwtSecret?: string | undefined;
  /** Whether a tenant's JWKS must be https (production). */
  requireHttps: boolean;
  defaultCountry: string;
  /** Where results go (stdout); one line per call. */
  out: (line: string) => void;
}

export const USAGE = `Usage: npm run admin -- <command> [arguments]

  create-tenant <id> [--name <name>] [--rate-limit <requests>/<seconds>]
  list-tenants
  issue-key <tenant> [--name <label>]       prints the new key ONCE; store it now
  revoke-key <key id or prefix>
  list-keys [<tenant>]                      ids, prefixes and dates; never secrets
  set-rate-limit <tenant> <requests>/<seconds> | --clear
  claim-address <tenant> <phone or email> [--country <CC>]
  release-address <tenant> <phone or email> [--country <CC>]
  list-addresses [<tenant>]
  set-voice-forward <tenant> <number> <forward to> | --clear
                                            calls to the number ring <forward to> instead
                                            of taking a voicemail
  set-voice-greeting <tenant> <number> <text> | --clear
                                            what callers hear before the beep
  set-token-issuer <tenant> <issuer> [--jwks-url <url>] | --clear
                                            the only iss whose JWTs act as the tenant, and
                                            its own JWKS (else the gateway's keys)
  jwt-secret <tenant>                       the tenant's own HS256 key (needs JWT_SECRET)
${CONSENT_USAGE}

Add --json for machine-readable output.`;

/** A usage mistake: the message and the usage are printed, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function rateLimitOf(text: string): RateLimit {
  const match = /^(\d+)\/(\d+)s?$/.exec(text.trim());
  const requests = Number(match?.[1]);
  const period = Number(match?.[2]);
  if (!match || !(requests > 0) || !(period > 0)) {
    throw new UsageError(`rate limit "${text}" must be <requests>/<seconds>, e.g. 100/60`);
  }
  return { requests, period_s: period };
}

const when = (date: Date | null) => (date ? date.toISOString() : '-');
const limitText = (limit: RateLimit | null) =>
  limit ? `${limit.requests}/${limit.period_s}s` : 'default';

/**
 * Runs one admin command against the database — the same functions the gateway's tenants,
 * keys and addresses come from — and returns the process exit code.
 *
 * @example await runAdminCommand(['issue-key', 'acme'], { db, secretKey, defaultCountry: 'US', out: console.log });
 */
export async function runAdminCommand(argv: readonly string[], deps: AdminDeps): Promise<number> {
  const first = argv.find((a) => !a.startsWith('-'));
  if ((CONSENT_COMMANDS as readonly (string | undefined)[]).includes(first)) {
    return runConsentCommand(argv, deps, (message) => new UsageError(message));
  }
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      'rate-limit': { type: 'string' },
      country: { type: 'string' },
      'jwks-url': { type: 'string' },
      clear: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  const { db, out } = deps;
  const country = values.country ?? deps.defaultCountry;
  const print = (human: string, data: unknown) => out(values.json ? JSON.stringify(data) : human);
  const arg = (index: number, what: string): string => {
    const value = args[index];
    if (!value) throw new UsageError(`${command} needs ${what}`);
    return value;
  };

  if (!command || values.help || command === 'help') {
    out(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'create-tenant': {
      const tenant = await createTenant(db, {
        id: arg(0, 'a tenant id'),
        ...(values.name ? { name: values.name } : {}),
        rateLimit: values['rate-limit'] ? rateLimitOf(values['rate-limit']) : null,
      });
      print(
        `created tenant ${tenant.id} (${tenant.name}), rate limit ${limitText(tenant.rate_limit)}`,
        tenant,
      );
      return 0;
    }
    case 'list-tenants': {
      const tenants = await listTenants(db);
      if (values.json) return (void out(JSON.stringify(tenants)), 0);
      for (const t of tenants)
        out(
          `${t.id}\t${t.name}\trate limit ${limitText(t.rate_limit)}\tcreated ${when(t.created_at)}`,
        );
      return 0;
    }
    case 'issue-key': {
      const issued = await issueApiKey(db, {
        tenantId: arg(0, 'a tenant id'),
        secretKey: deps.secretKey,
        ...(values.name ? { name: values.name } : {}),
      });
      print(
        [
          `issued key ${issued.id} (prefix ${issued.prefix}) for tenant ${issued.tenant_id}:`,
          '',
          `  ${issued.key}`,
          '',
          'This is the only time the key is shown: only a hash of it is stored.',
        ].join('\n'),
        issued,
      );
      return 0;
    }
    case 'revoke-key': {
      const key = await revokeApiKey(db, arg(0, 'a key id or prefix'));
      print(
        `revoked key ${key.id} (prefix ${key.prefix}) of ${key.tenant_id} at ${when(key.revoked_at)}`,
        key,
      );
      return 0;
    }
    case 'list-keys': {
      const keys = await listApiKeys(db, args[0]);
      if (values.json) return (void out(JSON.stringify(keys)), 0);
      for (const k of keys) {
        out(
          [
            k.id,
            k.tenant_id,
            `sb_live_${k.prefix}_…`,
            k.name ?? '-',
            `created ${when(k.created_at)}`,
            `last used ${when(k.last_used_at)}`,
            k.revoked_at ? `REVOKED ${when(k.revoked_at)}` : 'active',
          ].join('\t'),
        );
      }
      return 0;
    }
    case 'set-rate-limit': {
      const tenant = arg(0, 'a tenant id');
      const limit = values.clear ? null : rateLimitOf(arg(1, '<requests>/<seconds> or --clear'));
      const updated = await setTenantRateLimit(db, tenant, limit);
      print(`rate limit of ${updated.id}: ${limitText(updated.rate_limit)}`, updated);
      return 0;
    }
    case 'claim-address': {
      const claimed = await claimAddress(db, {
        tenantId: arg(0, 'a tenant id'),
        address: arg(1, 'a phone number or email address'),
        defaultCountry: country,
      });
      print(`${claimed.address} (${claimed.channel}) belongs to ${claimed.tenant_id}`, claimed);
      return 0;
    }
    case 'release-address': {
      const tenantId = arg(0, 'a tenant id');
      const address = arg(1, 'a phone number or email address');
      await releaseAddress(db, { tenantId, address, defaultCountry: country });
      print(`released ${address} from ${tenantId}`, {
        tenant_id: tenantId,
        address,
        released: true,
      });
      return 0;
    }
    case 'set-voice-forward': {
      const settings = await setVoiceForward(db, {
        tenantId: arg(0, 'a tenant id'),
        address: arg(1, 'a phone number'),
        forwardTo: values.clear ? null : arg(2, 'a number to forward to, or --clear'),
        defaultCountry: country,
      });
      print(
        settings.voice_forward_to
          ? `calls to ${settings.address} are forwarded to ${settings.voice_forward_to}`
          : `callers to ${settings.address} leave a voicemail`,
        settings,
      );
      return 0;
    }
    case 'set-voice-greeting': {
      const settings = await setVoiceGreeting(db, {
        tenantId: arg(0, 'a tenant id'),
        address: arg(1, 'a phone number'),
        greeting: values.clear ? null : arg(2, 'a greeting, or --clear'),
        defaultCountry: country,
      });
      print(
        `callers to ${settings.address} hear ${settings.voice_greeting ? `"${settings.voice_greeting}"` : 'the default greeting'}`,
        settings,
      );
      return 0;
    }
    case 'list-addresses': {
      const addresses = await listAddresses(db, args[0]);
      if (values.json) return (void out(JSON.stringify(addresses)), 0);
      for (const a of addresses) out(`${a.address}\t${a.channel}\t${a.tenant_id}`);
      return 0;
    }
    case 'set-token-issuer': {
      const tenantId = arg(0, 'a tenant id');
      const binding = values.clear
        ? null
        : {
            issuer: arg(1, 'an issuer (the iss of its tokens) or --clear'),
            jwksUrl: values['jwks-url'] ?? null,
          };
      const tenant = await setTenantTokenIssuer(db, tenantId, binding, {
        requireHttps: deps.requireHttps,
      });
      const { issuer, jwks_url } = tenant.token_issuer;
      print(
        issuer
          ? `tokens for ${tenant.id} must come from ${issuer}, signed by ${jwks_url ? `a key of ${jwks_url}` : "the gateway's keys"}`
          : `${tenant.id} has no token issuer: no JWT acts as it in production`,
        tenant,
      );
      return 0;
    }
    case 'jwt-secret': {
      const tenantId = arg(0, 'a tenant id');
      if (!deps.jwtSecret) throw new UsageError("jwt-secret needs the gateway's JWT_SECRET");
      const tenant = await getTenant(db, tenantId);
      if (!tenant) throw AppError.notFound(`Tenant ${tenantId}`);
      const secret = tenantJwtSecret(deps.jwtSecret, tenant.id);
      print(
        [
          `HS256 key of ${tenant.id} (signs tokens for this tenant only; keep it secret):`,
          '',
          `  ${secret}`,
          '',
          tenant.token_issuer.issuer
            ? `Tokens must carry iss ${tenant.token_issuer.issuer}.`
            : 'Bind an issuer first (set-token-issuer): in production no JWT acts as a tenant without one.',
        ].join('\n'),
        { tenant_id: tenant.id, secret, issuer: tenant.token_issuer.issuer },
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** An error as the CLI reports it: AppErrors (not found, conflict, invalid) in their own words. */
export function describeFailure(err: unknown): { message: string; exitCode: number } {
  if (err instanceof UsageError) return { message: `${err.message}\n\n${USAGE}`, exitCode: 2 };
  if (err instanceof AppError) {
    const fields = err.fields.map((f) => `${f.field} ${f.message}`).join('; ');
    return { message: fields ? `${err.message}: ${fields}` : err.message, exitCode: 1 };
  }
  // node:util's parseArgs marks its errors with a code (checked by code: realms differ in tests).
  if (String((err as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS')) {
    return { message: `${(err as Error).message}\n\n${USAGE}`, exitCode: 2 };
  }
  return { message: err instanceof Error ? err.message : String(err), exitCode: 1 };
}
