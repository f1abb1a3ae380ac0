import {
  AppError,
  type RpcReplyOf,
  type RpcRequestOf,
  type RpcContracts,
} from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { listSuppressions, suppress, unsuppress } from '@switchboard/tenancy';
import { decodeCursor, pageFrom } from '@switchboard/conversation-queries';

type Db = Kysely<Database>;
type Contracts = typeof RpcContracts;

/** A page of the tenant's suppression list (opt-outs and email suppressions), newest first. */
export async function listSuppressionPage(
  db: Db,
  q: RpcRequestOf<Contracts['listSuppressions']>,
): Promise<RpcReplyOf<Contracts['listSuppressions']>> {
  const after = decodeCursor(q.cursor);
  const rows = await listSuppressions(db, {
    tenantId: q.tenant_id,
    limit: q.limit,
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.reason ? { reason: q.reason } : {}),
    ...(after ? { after } : {}),
  });
  return pageFrom(
    rows,
    q.limit,
    (row) => row,
    (row) => ({ at: new Date(row.created_at), id: row.id }),
  );
}

/** Every entry of one recipient; `404` when the tenant may message them. */
export async function getSuppression(
  db: Db,
  q: RpcRequestOf<Contracts['getSuppression']>,
): Promise<RpcReplyOf<Contracts['getSuppression']>> {
  const data = await listSuppressions(db, {
    tenantId: q.tenant_id,
    address: q.address,
    limit: 100,
  });
  if (data.length === 0) throw AppError.notFound('Suppression');
  return { address: q.address, data };
}

/** Puts a recipient on the tenant's list by hand (reason `manual`, every sender), audited. */
export async function addSuppression(
  db: Db,
  q: RpcRequestOf<Contracts['addSuppression']>,
): Promise<RpcReplyOf<Contracts['addSuppression']>> {
  const { suppression } = await suppress(db, {
    tenantId: q.tenant_id,
    channel: q.channel,
    address: q.address,
    reason: 'manual',
    note: q.note,
    actor: q.actor,
  });
  return suppression;
}

/**
 * Takes a recipient off the tenant's list — every entry: all senders, all reasons — recording
 * who and why; `404` when there was none.
 */
export async function removeSuppression(
  db: Db,
  q: RpcRequestOf<Contracts['removeSuppression']>,
): Promise<RpcReplyOf<Contracts['removeSuppression']>> {
  const data = await unsuppress(db, {
    tenantId: q.tenant_id,
    address: q.address,
    actor: q.actor,
    note: q.reason,
  });
  if (data.length === 0) throw AppError.notFound('Suppression');
  return { address: q.address, data };
}
