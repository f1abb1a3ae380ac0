import type { CallbackAttempt } from '../sandbox-message';
import type { SandboxCall, SandboxRecording, VoiceProvider } from './sandbox-call';

export interface CallFilter {
  to?: string;
  provider?: VoiceProvider;
}

const keyOf = (provider: VoiceProvider, sid: string) => `${provider}:${sid}`;

/** A deep copy readers may keep: the stored record goes on changing while its call runs. */
function snapshot(call: SandboxCall): SandboxCall {
  return structuredClone(call);
}

/**
 * The calls the sandbox placed or simulated, oldest first, in memory. A call's record changes
 * while it runs (its simulation updates it), so readers get copies. Bounded: beyond `capacity`
 * the oldest call is forgotten (a running one finishes unrecorded).
 */
export class CallStore {
  // A Map iterates in insertion order, so its first key is the oldest call.
  private readonly calls = new Map<string, SandboxCall>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  add(call: SandboxCall): SandboxCall {
    if (this.calls.size >= this.capacity) {
      const oldest = this.calls.keys().next();
      if (!oldest.done) this.calls.delete(oldest.value);
    }
    this.calls.set(keyOf(call.provider, call.sid), call);
    return snapshot(call);
  }

  get(provider: VoiceProvider, sid: string): SandboxCall | undefined {
    const call = this.calls.get(keyOf(provider, sid));
    return call && snapshot(call);
  }

  /** Changes a call's record in place; a call forgotten meanwhile stays forgotten. */
  update(provider: VoiceProvider, sid: string, change: (call: SandboxCall) => void): void {
    const call = this.calls.get(keyOf(provider, sid));
    if (call) change(call);
  }

  addCallbackAttempt(provider: VoiceProvider, sid: string, attempt: CallbackAttempt): void {
    this.update(provider, sid, (call) => call.callbacks.push(attempt));
  }

  list(filter: CallFilter = {}): SandboxCall[] {
    return [...this.calls.values()]
      .filter(
        (call) =>
          (filter.to === undefined || call.to === filter.to) &&
          (filter.provider === undefined || call.provider === filter.provider),
      )
      .map(snapshot);
  }

  /** A recording some call made, by its sid (a scan: recordings are looked up rarely). */
  findRecording(sid: string): SandboxRecording | undefined {
    for (const call of this.calls.values()) {
      const recording = call.recordings.find((r) => r.sid === sid);
      if (recording) return { ...recording };
    }
    return undefined;
  }

  clear(): void {
    this.calls.clear();
  }
}
