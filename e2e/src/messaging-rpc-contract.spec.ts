import {
  AppError,
  ErrorCodes,
  GetByIdQuery,
  RpcContracts,
  defineRpc,
  type MessageResource,
} from '@switchboard/contracts';
import {
  RpcContractError,
  callRpc,
  connectNats,
  serveRpc,
  type Nats,
} from '@switchboard/messaging';
import { createLogger } from '@switchboard/observability';
import { freePort, startPrivateNats, type PrivateNats } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The caller checks every reply against its contract, against a real nats-server: a server
 * built from another contract is refused with a clear error, never passed on as the right type.
 */
const log = createLogger({ service: 'test', level: 'silent' });
let server: PrivateNats;
let nats: Nats;

beforeAll(async () => {
  server = await startPrivateNats(await freePort());
  nats = await connectNats({
    url: server.url,
    name: 'rpc-contract-test',
    ...server.credentials.admin,
  });
});

afterAll(async () => {
  await nats?.close();
  await server?.destroy();
});

const request = () => ({ tenant_id: 't', id: randomUUID() });
const now = new Date().toISOString();
const message = (id: string): MessageResource => ({
  id,
  conversation_id: randomUUID(),
  direction: 'outbound',
  type: 'sms',
  from: '+15551234567',
  to: '+15559876543',
  subject: null,
  body: 'hello',
  attachments: [],
  metadata: null,
  category: 'marketing',
  status: 'queued',
  provider: null,
  provider_message_id: null,
  encoding: 'GSM-7',
  segments: 1,
  error_code: null,
  error_message: null,
  voice: null,
  answered_by: null,
  duration_seconds: null,
  timestamp: null,
  created_at: now,
  updated_at: now,
});

describe('a reply checked against its contract', () => {
  it('answers a reply that matches, as the contract parses it', async () => {
    const q = request();
    const stored = message(q.id);
    const sub = serveRpc(nats.nc, {
      contract: RpcContracts.getMessage,
      queue: 'test',
      log,
      handle: async () => stored,
    });
    const answer = await callRpc(nats.requests, RpcContracts.getMessage, q);
    await sub.drain();
    expect(answer).toEqual(stored);
  });

  it('refuses a reply that does not match, naming the subject and the fields', async () => {
    // A server built from an older contract: its message has no conversation and a numeric body.
    const Older = defineRpc({
      subject: RpcContracts.getMessage.subject,
      request: GetByIdQuery,
      reply: z.object({ id: z.string(), body: z.number() }),
    });
    const sub = serveRpc(nats.nc, {
      contract: Older,
      queue: 'test',
      log,
      handle: async ({ id }) => ({ id, body: 42 }),
    });
    const refused = await callRpc(nats.requests, RpcContracts.getMessage, request()).catch(
      (err: unknown) => err,
    );
    await sub.drain();

    expect(refused).toBeInstanceOf(RpcContractError);
    expect(refused).toBeInstanceOf(AppError);
    const error = refused as RpcContractError;
    // The client learns only that it was our fault (HTTP 500) ...
    expect(error.code).toBe(ErrorCodes.internal);
    expect(error.message).toBe('Something went wrong on our side');
    // ... the log, which records the cause, learns what did not match.
    expect((error.cause as Error).message).toMatch(
      /^The reply to rpc\.conversation\.get-message does not match its contract: conversation_id: .+; .*body: /,
    );
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['conversation_id', 'body', 'status', 'created_at']),
    );
  });

  it('answers a reply too large for the server at once, as our fault, not as an outage', async () => {
    const q = request();
    const limit = nats.nc.info!.max_payload;
    const sub = serveRpc(nats.nc, {
      contract: RpcContracts.getMessage,
      queue: 'test',
      log,
      handle: async () => ({ ...message(q.id), body: 'x'.repeat(limit) }),
    });
    const refused = await callRpc(nats.requests, RpcContracts.getMessage, q).catch(
      (err: unknown) => err,
    );
    await sub.drain();

    // Answered (internal, a 500), not waited out (unavailable, a 503).
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe(ErrorCodes.internal);
  });
});
