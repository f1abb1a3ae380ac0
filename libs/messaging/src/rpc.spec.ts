import {
  AppError,
  ErrorCodes,
  RpcContracts,
  type MessageResource,
  type TenantPrincipal,
} from '@switchboard/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ReplyInbox } from './reply-inbox';
import { callRpc, RpcContractError, serveRpc } from './rpc';

/**
 * What the contract table buys: a caller or server that disagrees with it does not compile.
 * These functions are type-checked (`npm run typecheck` covers specs), never run.
 */
export async function mismatchedCallers(requests: ReplyInbox): Promise<void> {
  const id = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';
  // The right payload answers the contract's reply type.
  const message: MessageResource = await callRpc(requests, RpcContracts.getMessage, {
    tenant_id: 't',
    id,
  });
  void message;

  // @ts-expect-error a payload missing the tenant does not compile
  await callRpc(requests, RpcContracts.getMessage, { id });
  // @ts-expect-error a payload of another contract does not compile
  await callRpc(requests, RpcContracts.getTenant, { prefix: 'sb_test', hash: 'x' });

  const principal = await callRpc(requests, RpcContracts.getTenant, { tenant_id: 't' });
  // @ts-expect-error the reply is a principal, not a message
  void principal.conversation_id;
  // @ts-expect-error nor can the caller pick another reply type
  const notAPage: { data: unknown[] } = await callRpc(requests, RpcContracts.getMessage, {
    tenant_id: 't',
    id,
  });
  void notAPage;
  // @ts-expect-error a bare subject is no contract
  await callRpc(requests, RpcContracts.getMessage.subject, { tenant_id: 't', id });
}

export function mismatchedServers(nc: NatsConnection, log: Logger): void {
  const principal: TenantPrincipal = { tenant_id: 't', key_id: null, rate_limit: null };
  serveRpc(nc, {
    contract: RpcContracts.getTenant,
    queue: 'q',
    log,
    // The request is typed by the contract.
    handle: async ({ tenant_id }) => ({ ...principal, tenant_id }),
  });
  serveRpc(nc, {
    contract: RpcContracts.getTenant,
    queue: 'q',
    log,
    // @ts-expect-error a handler answering another contract's reply does not compile
    handle: async () => ({ data: [], next_cursor: null }),
  });
  serveRpc(nc, {
    contract: RpcContracts.getTenant,
    queue: 'q',
    log,
    // @ts-expect-error the request has no field the contract does not name
    handle: async ({ prefix }) => ({ ...principal, tenant_id: prefix }),
  });
}

describe('RpcContractError', () => {
  it('is an internal error that tells the client nothing and names subject and fields in its cause', () => {
    const result = z.object({ id: z.uuid(), n: z.number() }).safeParse({ id: 'x' });
    if (result.success) throw new Error('expected a mismatch');
    const error = new RpcContractError('rpc.test', result.error.issues);

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(ErrorCodes.internal);
    expect(error.message).toBe('Something went wrong on our side');
    expect(error.fields).toEqual([]);
    expect(error.subject).toBe('rpc.test');
    expect(String((error.cause as Error).message)).toMatch(
      /^The reply to rpc\.test does not match its contract: id: .+; n: .+/,
    );
  });
});
