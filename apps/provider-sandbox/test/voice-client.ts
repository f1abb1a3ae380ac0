// The sandbox's own voice API, as the voice suites drive it.
import { eventually } from '@switchboard/testing';
import type { AnswerMode, SandboxCall } from '../src/voice/sandbox-call';
import type { TestSandbox } from './start-sandbox';

/** Sets who answers calls to `number`. */
export async function setAnswer(
  sandbox: TestSandbox,
  number: string,
  answer: AnswerMode,
): Promise<void> {
  const res = await fetch(`${sandbox.url}/sandbox/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ number, answer }),
  });
  if (!res.ok) throw new Error(`POST /sandbox/voice answered ${res.status}`);
}

export async function listCalls(sandbox: TestSandbox, query = ''): Promise<SandboxCall[]> {
  return (await (await fetch(`${sandbox.url}/sandbox/calls${query}`)).json()) as SandboxCall[];
}

/** Clears calls and answer settings. */
export async function resetVoice(sandbox: TestSandbox): Promise<void> {
  await fetch(`${sandbox.url}/sandbox/calls`, { method: 'DELETE' });
  await fetch(`${sandbox.url}/sandbox/voice`, { method: 'DELETE' });
}

/** The call once it ended and `callbacks` callbacks about it were answered. */
export function endedCall(sandbox: TestSandbox, sid: string, callbacks = 0): Promise<SandboxCall> {
  return eventually(
    async () => (await listCalls(sandbox)).find((call) => call.sid === sid),
    (call) => !!call?.ended_at && call.callbacks.length >= callbacks,
    { timeoutMs: 5_000, intervalMs: 20, what: `call ${sid} ended` },
  ) as Promise<SandboxCall>;
}
