import { z } from 'zod';

/** The providers faults can be set for; `*` applies to all of them, beside their own setting. */
export const FaultTargets = ['*', 'twilio', 'telnyx', 'sendgrid', 'smtp'] as const;
export type FaultTarget = (typeof FaultTargets)[number];
export type FaultProvider = Exclude<FaultTarget, '*'>;

export const FaultModes = ['none', 'error', 'rate_limit', 'timeout', 'latency'] as const;
export type FaultMode = (typeof FaultModes)[number];

const DEFAULT_ERROR_STATUS = 500;
/** Longer than any client should wait; a benchmark wants milliseconds. */
const MAX_LATENCY_MS = 120_000;

/** `POST /sandbox/faults`. */
export const faultRequestSchema = z
  .object({
    provider: z.enum(FaultTargets),
    mode: z.enum(FaultModes),
    /** The status an `error` answers with; 4xx ones are permanent errors (400 → invalid recipient). */
    status: z.number().int().min(400).max(599).optional(),
    /** The chance each request is hit. */
    rate: z.number().min(0).max(1).default(1),
    /** For `latency`; with other modes, a delay before the fault. */
    latency_ms: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.mode === 'latency' && request.latency_ms === undefined) {
      ctx.addIssue({ code: 'custom', path: ['latency_ms'], message: 'is required for latency' });
    }
    if (request.status !== undefined && request.mode !== 'error') {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'applies to mode error only' });
    }
  });
export type FaultRequest = z.output<typeof faultRequestSchema>;

/** What is set for one target, as `GET /sandbox/faults` shows it. */
export interface FaultSetting {
  mode: FaultMode;
  rate: number;
  status?: number;
  latency_ms?: number;
}

/** What to do to one request: wait first, then answer with a fault or go on normally. */
export interface FaultDecision {
  delayMs: number;
  action?: { kind: 'error'; status: number } | { kind: 'rate_limit' } | { kind: 'timeout' };
}

const NO_FAULT: FaultSetting = Object.freeze({ mode: 'none', rate: 1 });

/**
 * The fault settings of each provider, changed at run time through `/sandbox/faults`.
 *
 * @example faults.set({ provider: 'twilio', mode: 'rate_limit', rate: 0.5 }); faults.decide('twilio');
 */
export class FaultSettings {
  private readonly settings = new Map<FaultTarget, FaultSetting>();

  set(request: FaultRequest): void {
    if (request.mode === 'none') {
      this.settings.delete(request.provider);
      return;
    }
    this.settings.set(request.provider, {
      mode: request.mode,
      rate: request.rate,
      ...(request.mode === 'error' ? { status: request.status ?? DEFAULT_ERROR_STATUS } : {}),
      ...(request.latency_ms !== undefined ? { latency_ms: request.latency_ms } : {}),
    });
  }

  reset(): void {
    this.settings.clear();
  }

  /** Every target's setting, `none` included. */
  all(): Record<FaultTarget, FaultSetting> {
    return Object.fromEntries(
      FaultTargets.map((target) => [target, this.settings.get(target) ?? NO_FAULT]),
    ) as Record<FaultTarget, FaultSetting>;
  }

  /**
   * Rolls the dice for one request: the provider's own setting and the global one each apply
   * with their rate; delays add up, and the provider's own fault wins over the global one.
   */
  decide(provider: FaultProvider, random: () => number = Math.random): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const target of [provider, '*'] as const) {
      const setting = this.settings.get(target);
      if (!setting || random() >= setting.rate) continue;
      decision.delayMs += setting.latency_ms ?? 0;
      if (decision.action) continue;
      if (setting.mode === 'error') {
        decision.action = { kind: 'error', status: setting.status ?? DEFAULT_ERROR_STATUS };
      } else if (setting.mode === 'rate_limit') decision.action = { kind: 'rate_limit' };
      else if (setting.mode === 'timeout') decision.action = { kind: 'timeout' };
    }
    return decision;
  }
}
