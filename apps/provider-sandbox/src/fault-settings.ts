import { z } from 'zod';

/** The providers faults can be set for; `*` applies to all of them, beside their own setting. */
export const FaultTargets = ['*', 'twilio', 'telnyx', 'sendgrid', 'smtp'] as const;
export type FaultTarget = (typeof FaultTargets)[number];
export type FaultProvider = Exclude<FaultTarget, '*'>;

/**
 * `late_answer`: the request is carried out at once (the message or call goes out) but its answer
 * is held for `latency_ms` — what a client that crashes or gives up meanwhile never learns.
 */
export const FaultModes = [
  'none',
  'error',
  'rate_limit',
  'timeout',
  'latency',
  'late_answer',
] as const;
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
    /** For `latency` and `late_answer`; with other modes, a delay before the fault. */
    latency_ms: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
    /**
     * Only requests addressed to this recipient (a phone number or an email address) are hit;
     * such a setting applies beside the provider's own and the global one.
     */
    to: z.string().trim().min(1).max(320).optional(),
    /** Only the next this many requests hit are affected; then the setting clears itself. */
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (
      (request.mode === 'latency' || request.mode === 'late_answer') &&
      request.latency_ms === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['latency_ms'],
        message: `is required for ${request.mode}`,
      });
    }
    if (request.status !== undefined && request.mode !== 'error') {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'applies to mode error only' });
    }
    if (request.times !== undefined && request.mode === 'none') {
      ctx.addIssue({ code: 'custom', path: ['times'], message: 'does not apply to mode none' });
    }
  });
export type FaultRequest = z.output<typeof faultRequestSchema>;

/** What is set for one target, as `GET /sandbox/faults` shows it. */
export interface FaultSetting {
  mode: FaultMode;
  rate: number;
  status?: number;
  latency_ms?: number;
  /** Requests still to be hit, for a setting made with `times`. */
  remaining?: number;
}

/** A setting for one recipient, as `GET /sandbox/faults` lists it under `recipients`. */
export interface RecipientFaultSetting extends FaultSetting {
  provider: FaultTarget;
  to: string;
}

/** `GET /sandbox/faults`: each target's setting, and the recipient-scoped ones. */
export type FaultOverview = Record<FaultTarget, FaultSetting> & {
  recipients: RecipientFaultSetting[];
};

/** What to do to one request: wait first, then answer with a fault or go on normally. */
export interface FaultDecision {
  delayMs: number;
  action?:
    | { kind: 'error'; status: number }
    | { kind: 'rate_limit' }
    | { kind: 'timeout' }
    /** Carry the request out now, answer it after `ms`. */
    | { kind: 'late_answer'; ms: number };
}

const NO_FAULT: FaultSetting = Object.freeze({ mode: 'none', rate: 1 });

/**
 * The fault settings of each provider, changed at run time through `/sandbox/faults`.
 *
 * @example faults.set({ provider: 'twilio', mode: 'rate_limit', rate: 0.5 }); faults.decide('twilio');
 */
/** Recipients are compared as providers would: email addresses without regard to case. */
const recipientKey = (to: string) => to.trim().toLowerCase();

export class FaultSettings {
  private readonly settings = new Map<FaultTarget, FaultSetting>();
  /** Recipient-scoped settings: recipient → target → setting. */
  private readonly recipients = new Map<string, Map<FaultTarget, FaultSetting>>();

  set(request: FaultRequest): void {
    const scope = request.to === undefined ? this.settings : this.recipientScope(request.to);
    if (request.mode === 'none') {
      scope.delete(request.provider);
      if (request.to !== undefined && scope.size === 0) {
        this.recipients.delete(recipientKey(request.to));
      }
      return;
    }
    scope.set(request.provider, {
      mode: request.mode,
      rate: request.rate,
      ...(request.mode === 'error' ? { status: request.status ?? DEFAULT_ERROR_STATUS } : {}),
      ...(request.latency_ms !== undefined ? { latency_ms: request.latency_ms } : {}),
      ...(request.times !== undefined ? { remaining: request.times } : {}),
    });
  }

  reset(): void {
    this.settings.clear();
    this.recipients.clear();
  }

  /**
   * The delay every request to `provider` gets when nothing but steady latency applies to it: no
   * recipient-scoped setting, and the provider's and the global setting, where set, `latency` at
   * rate 1 without `times` — so `decide` would add up the same delay and spend nothing. Undefined
   * when anything else could apply.
   */
  steadyDelayMs(provider: FaultProvider): number | undefined {
    if (this.recipients.size > 0) return undefined;
    let delayMs = 0;
    for (const target of [provider, '*'] as const) {
      const setting = this.settings.get(target);
      if (!setting) continue;
      if (setting.mode !== 'latency' || setting.rate < 1 || setting.remaining !== undefined) {
        return undefined;
      }
      delayMs += setting.latency_ms ?? 0;
    }
    return delayMs;
  }

  /** Every target's setting, `none` included, and every recipient-scoped one. */
  all(): FaultOverview {
    const targets = Object.fromEntries(
      FaultTargets.map((target) => [target, this.settings.get(target) ?? NO_FAULT]),
    ) as Record<FaultTarget, FaultSetting>;
    const recipients = [...this.recipients].flatMap(([to, scope]) =>
      [...scope].map(([provider, setting]) => ({ provider, to, ...setting })),
    );
    return { ...targets, recipients };
  }

  /**
   * Rolls the dice for one request: the settings for its recipients, the provider's own and the
   * global one each apply with their rate; delays add up, and the most specific fault wins.
   */
  decide(
    provider: FaultProvider,
    random: () => number = Math.random,
    recipients: readonly string[] = [],
  ): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    const scopes: [Map<FaultTarget, FaultSetting>, FaultTarget][] = [];
    const addressed = new Set(recipients.map(recipientKey));
    for (const to of addressed) {
      const scope = this.recipients.get(to);
      if (scope) scopes.push([scope, provider], [scope, '*']);
    }
    scopes.push([this.settings, provider], [this.settings, '*']);
    for (const [scope, target] of scopes) {
      const setting = scope.get(target);
      if (!setting || random() >= setting.rate) continue;
      this.spend(scope, target, setting);
      if (setting.mode === 'late_answer') {
        decision.action ??= { kind: 'late_answer', ms: setting.latency_ms ?? 0 };
        continue;
      }
      decision.delayMs += setting.latency_ms ?? 0;
      if (decision.action) continue;
      if (setting.mode === 'error') {
        decision.action = { kind: 'error', status: setting.status ?? DEFAULT_ERROR_STATUS };
      } else if (setting.mode === 'rate_limit') decision.action = { kind: 'rate_limit' };
      else if (setting.mode === 'timeout') decision.action = { kind: 'timeout' };
    }
    // A recipient whose settings all ran out (`times`) is forgotten, so the sandbox is idle again.
    for (const to of addressed) if (this.recipients.get(to)?.size === 0) this.recipients.delete(to);
    return decision;
  }

  private recipientScope(to: string): Map<FaultTarget, FaultSetting> {
    const key = recipientKey(to);
    let scope = this.recipients.get(key);
    if (!scope) {
      scope = new Map();
      this.recipients.set(key, scope);
    }
    return scope;
  }

  /** A setting made with `times` counts down, and clears itself at zero. */
  private spend(
    scope: Map<FaultTarget, FaultSetting>,
    target: FaultTarget,
    setting: FaultSetting,
  ): void {
    if (setting.remaining === undefined) return;
    if (setting.remaining > 1) scope.set(target, { ...setting, remaining: setting.remaining - 1 });
    else scope.delete(target);
  }
}
