import type { MessageResource } from '@switchboard/contracts';
import { eventually, type Stack } from '@switchboard/testing';
import { api, uniquePhone } from './api-client';
import { startFaultStack, type FaultStack } from './support/fault-stack';

/** What provider-sandbox recorded of a call (`GET /sandbox/calls`). */
interface SandboxCall {
  provider: string;
  sid: string;
  to: string;
}

const FROM = '+15551234567';
/** How long Twilio holds its answer after placing the call: far past the kill and the restart. */
const LATE_ANSWER_MS = 60_000;

/**
 * Fault test: the dispatch ledger for calls. What a user would notice: a call is placed once per
 * message, even when the voice-dispatcher dies after the provider placed it and before it learnt
 * so. The next delivery finds the ledger's "attempting", asks the providers (their call lists)
 * whether the call went out, and records the call it finds instead of dialling again — through
 * either provider.
 */
describe('the dispatch ledger with a voice-dispatcher killed while a call is being placed', () => {
  let faults: FaultStack | undefined;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    faults = await startFaultStack({
      only: [
        'provider-sandbox',
        'conversation-service',
        'webhook-ingest',
        'voice-dispatcher',
        'gateway',
      ],
      // The answer must not time out on its own: the dispatcher dies while it waits for it.
      env: { PROVIDER_TIMEOUT_MS: String(LATE_ANSWER_MS * 2) },
    });
    ({ stack, gateway, sandbox } = faults);
  }, 180_000);
  afterAll(async () => {
    if (sandbox) await api(sandbox, 'DELETE', '/sandbox/faults');
    await faults?.stop();
  });

  const callsTo = async (to: string): Promise<SandboxCall[]> => {
    const body = (
      await api<SandboxCall[] | { data: SandboxCall[] }>(
        sandbox,
        'GET',
        `/sandbox/calls?to=${encodeURIComponent(to)}`,
      )
    ).body;
    return Array.isArray(body) ? body : body.data;
  };

  it('places a call once although the voice-dispatcher is killed (-9) after Twilio placed it and before it heard back', async () => {
    const to = uniquePhone();
    // Twilio places the call at once but answers only much later: the dispatcher is left with
    // an attempt whose outcome it never learns.
    const fault = await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'twilio',
      mode: 'late_answer',
      latency_ms: LATE_ANSWER_MS,
      to,
      times: 1,
    });
    expect(fault.status).toBe(200);

    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: FROM,
      to,
      type: 'voice',
      body: 'Your table is ready',
    });
    expect(accepted.status).toBe(201);
    const [placed] = await eventually(
      () => callsTo(to),
      (calls) => calls.length > 0,
      { what: 'the call placed at Twilio', timeoutMs: 60_000, intervalMs: 100 },
    );

    const killed = stack.apps['voice-dispatcher'];
    await killed.stop('SIGKILL');
    expect(killed.process.signalCode).toBe('SIGKILL');
    await stack.restart('voice-dispatcher');

    // The next delivery (after the lease, 5 s here) finds the call instead of placing another.
    const sent = await eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      (m) => m.status !== 'queued' && m.status !== 'sending',
      { what: 'the call recorded after the restart', timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(sent).toMatchObject({
      status: 'sent',
      provider: 'twilio',
      provider_message_id: placed!.sid,
    });
    // Give a second placement (either provider) time to show up: there must be none.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await callsTo(to)).map((c) => [c.provider, c.sid])).toEqual([['twilio', placed!.sid]]);
  }, 240_000);
});
