import { randomBytes } from 'node:crypto';
import {
  AppError,
  ErrorCodes,
  MAX_WEBHOOK_ENDPOINTS,
  type CreateWebhookEndpointRpc,
  type GetByIdQuery,
  type RotateWebhookSecretRpc,
  type UpdateWebhookEndpointRpc,
  type WebhookEndpointList,
  type WebhookEndpointResource,
  type WebhookEndpointWithSecret,
} from '@switchboard/contracts';
import type { SecretBox } from '@switchboard/config';
import { newId, sql, type Database, type Kysely, type WebhookEndpointRow } from '@switchboard/db';
import {
  resolveEndpoint,
  UnsafeEndpointError,
  type EndpointPolicy,
  type HostLookup,
} from '@switchboard/net-guard';

export interface WebhookEndpointDeps {
  db: Kysely<Database>;
  /** Where endpoints may point (https in production; private addresses only when allowed). */
  policy: EndpointPolicy;
  /** Name resolution for the URL check; the system resolver when absent. */
  lookup?: HostLookup;
  /** Seals signing secrets before they are stored (WEBHOOK_SECRETS_KEY). */
  secrets: SecretBox;
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes, base64. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export function toEndpointResource(row: WebhookEndpointRow): WebhookEndpointResource {
  const graceActive =
    row.previous_secret_expires_at && row.previous_secret_expires_at.getTime() > Date.now();
  return {
    id: row.id,
    url: row.url,
    events: row.event_types,
    description: row.description,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    previous_secret_expires_at: graceActive ? row.previous_secret_expires_at!.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const withSecret = (row: WebhookEndpointRow, secret: string): WebhookEndpointWithSecret => ({
  ...toEndpointResource(row),
  secret,
});

/** `['*']` when every type is asked for, else the types once each, in a stable order. */
const selectionOf = (events: readonly string[]) =>
  events.includes('*') ? ['*'] : [...new Set(events)].sort();

/** Refuses a URL the policy does not allow, naming the `url` field. */
async function checkUrl(deps: WebhookEndpointDeps, url: string): Promise<void> {
  try {
    await resolveEndpoint(url, deps.policy, deps.lookup);
  } catch (err) {
    if (!(err instanceof UnsafeEndpointError)) throw err;
    throw AppError.validation([{ field: 'url', message: err.reason }], err.message);
  }
}

/** Registers an endpoint; its answer is the only one that shows the signing secret. */
export async function createEndpoint(
  deps: WebhookEndpointDeps,
  req: CreateWebhookEndpointRpc,
): Promise<WebhookEndpointWithSecret> {
  await checkUrl(deps, req.url);
  return deps.db.transaction().execute(async (trx) => {
    // Serialises a tenant's creations, so the limit below holds under concurrency.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`webhook-endpoints:${req.tenant_id}`}, 0))`.execute(
      trx,
    );
    const { count } = await trx
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('tenant_id', '=', req.tenant_id)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_WEBHOOK_ENDPOINTS) {
      throw new AppError(
        ErrorCodes.conflict,
        `An account has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one first`,
      );
    }
    const id = newId();
    const secret = newSecret();
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({
        id,
        tenant_id: req.tenant_id,
        url: req.url,
        description: req.description ?? null,
        event_types: selectionOf(req.events),
        enabled: req.enabled,
        disabled_reason: null,
        secret: deps.secrets.seal(secret, id),
        previous_secret: null,
        previous_secret_expires_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return withSecret(row, secret);
  });
}

export async function listEndpoints(
  deps: WebhookEndpointDeps,
  req: { tenant_id: string },
): Promise<WebhookEndpointList> {
  const rows = await deps.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('tenant_id', '=', req.tenant_id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(MAX_WEBHOOK_ENDPOINTS)
    .execute();
  return { data: rows.map(toEndpointResource) };
}

export async function getEndpoint(
  deps: WebhookEndpointDeps,
  req: GetByIdQuery,
): Promise<WebhookEndpointResource> {
  const row = await deps.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('tenant_id', '=', req.tenant_id)
    .where('id', '=', req.id)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Webhook endpoint');
  return toEndpointResource(row);
}

/** Changes an endpoint; enabling it clears the reason it was disabled for. */
export async function updateEndpoint(
  deps: WebhookEndpointDeps,
  req: UpdateWebhookEndpointRpc,
): Promise<WebhookEndpointResource> {
  const { changes } = req;
  if (changes.url !== undefined) await checkUrl(deps, changes.url);
  const row = await deps.db
    .updateTable('webhook_endpoints')
    .set({
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.events !== undefined ? { event_types: selectionOf(changes.events) } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.enabled !== undefined
        ? {
            enabled: changes.enabled,
            // Re-enabled: its failures so far no longer count towards disabling it again.
            ...(changes.enabled ? { disabled_reason: null, failing_since: null } : {}),
          }
        : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', req.tenant_id)
    .where('id', '=', req.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Webhook endpoint');
  return toEndpointResource(row);
}

/** Deletes an endpoint with its deliveries and their attempts. */
export async function deleteEndpoint(
  deps: WebhookEndpointDeps,
  req: GetByIdQuery,
): Promise<{ deleted: true }> {
  const { numDeletedRows } = await deps.db
    .deleteFrom('webhook_endpoints')
    .where('tenant_id', '=', req.tenant_id)
    .where('id', '=', req.id)
    .executeTakeFirst();
  if (numDeletedRows === 0n) throw AppError.notFound('Webhook endpoint');
  return { deleted: true };
}

/**
 * Gives an endpoint a new secret; the current one keeps signing beside it for `grace_seconds`
 * (deliveries carry both signatures meanwhile), so the client can switch without a gap.
 */
export async function rotateSecret(
  deps: WebhookEndpointDeps,
  req: RotateWebhookSecretRpc,
): Promise<WebhookEndpointWithSecret> {
  const secret = newSecret();
  const row = await deps.db
    .updateTable('webhook_endpoints')
    .set({
      // Sealed for this endpoint, as the current one is: it moves over unchanged.
      previous_secret: sql<string>`secret`,
      previous_secret_expires_at: sql<Date>`now() + make_interval(secs => ${req.grace_seconds})`,
      secret: deps.secrets.seal(secret, req.id),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', req.tenant_id)
    .where('id', '=', req.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Webhook endpoint');
  return withSecret(row, secret);
}

/**
 * Seals the secrets stored before sealing existed (plain `whsec_…` values), once, at start-up.
 * Answers how many endpoints it sealed.
 */
export async function sealStoredSecrets(
  deps: Pick<WebhookEndpointDeps, 'db' | 'secrets'>,
): Promise<number> {
  const rows = await deps.db
    .selectFrom('webhook_endpoints')
    .select(['id', 'secret', 'previous_secret'])
    .where((eb) =>
      eb.or([
        eb('secret', 'not like', 'sealed.%'),
        eb.and([
          eb('previous_secret', 'is not', null),
          eb('previous_secret', 'not like', 'sealed.%'),
        ]),
      ]),
    )
    .execute();
  const seal = (value: string, id: string) =>
    deps.secrets.isSealed(value) ? value : deps.secrets.seal(value, id);
  for (const row of rows) {
    await deps.db
      .updateTable('webhook_endpoints')
      .set({
        secret: seal(row.secret, row.id),
        previous_secret: row.previous_secret === null ? null : seal(row.previous_secret, row.id),
      })
      // Unless it changed meanwhile (a rotation by another replica): then it is sealed already.
      .where('id', '=', row.id)
      .where('secret', '=', row.secret)
      .execute();
  }
  return rows.length;
}
