import { FaultSettings, faultRequestSchema, type FaultRequest } from './fault-settings';

const request = (input: Record<string, unknown>): FaultRequest => faultRequestSchema.parse(input);
/** A die that always rolls `value`. */
const rolls = (value: number) => () => value;

describe('FaultSettings', () => {
  it('decides nothing while nothing is set', () => {
    expect(new FaultSettings().decide('twilio')).toEqual({ delayMs: 0 });
  });

  it('turns each mode into its action, error with 500 unless told', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: 'twilio', mode: 'error' }));
    faults.set(request({ provider: 'telnyx', mode: 'error', status: 400 }));
    faults.set(request({ provider: 'sendgrid', mode: 'rate_limit' }));
    faults.set(request({ provider: 'smtp', mode: 'timeout' }));
    expect(faults.decide('twilio')).toEqual({ delayMs: 0, action: { kind: 'error', status: 500 } });
    expect(faults.decide('telnyx').action).toEqual({ kind: 'error', status: 400 });
    expect(faults.decide('sendgrid').action).toEqual({ kind: 'rate_limit' });
    expect(faults.decide('smtp').action).toEqual({ kind: 'timeout' });
  });

  it('answers late after carrying the request out, with latency_ms required', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: 'twilio', mode: 'late_answer', latency_ms: 8_000, times: 1 }));
    expect(faults.decide('twilio')).toEqual({
      delayMs: 0,
      action: { kind: 'late_answer', ms: 8_000 },
    });
    expect(faults.decide('twilio')).toEqual({ delayMs: 0 });
    expect(faultRequestSchema.safeParse({ provider: 'twilio', mode: 'late_answer' }).success).toBe(
      false,
    );
  });

  it('applies a fault when the roll falls under its rate', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: 'twilio', mode: 'error', rate: 0.25 }));
    expect(faults.decide('twilio', rolls(0.2)).action).toEqual({ kind: 'error', status: 500 });
    expect(faults.decide('twilio', rolls(0.25)).action).toBeUndefined();
    expect(faults.decide('twilio', rolls(0.9)).action).toBeUndefined();
  });

  it('adds the global latency to a provider’s own, and lets the provider’s fault win', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: '*', mode: 'error', status: 503, latency_ms: 30 }));
    faults.set(request({ provider: 'twilio', mode: 'rate_limit', latency_ms: 20 }));
    expect(faults.decide('twilio')).toEqual({ delayMs: 50, action: { kind: 'rate_limit' } });
    expect(faults.decide('smtp')).toEqual({ delayMs: 30, action: { kind: 'error', status: 503 } });
  });

  it('clears one target with mode none, and all with reset', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: '*', mode: 'latency', latency_ms: 10 }));
    faults.set(request({ provider: 'twilio', mode: 'timeout' }));
    faults.set(request({ provider: 'twilio', mode: 'none' }));
    expect(faults.all()).toMatchObject({
      '*': { mode: 'latency', latency_ms: 10, rate: 1 },
      twilio: { mode: 'none', rate: 1 },
    });
    faults.reset();
    expect(faults.decide('telnyx')).toEqual({ delayMs: 0 });
  });

  it('delays only the named recipient, the given number of times, beside the other settings', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: '*', mode: 'latency', latency_ms: 5 }));
    faults.set(
      request({
        provider: 'twilio',
        mode: 'latency',
        latency_ms: 15_000,
        to: '+15550001111',
        times: 2,
      }),
    );
    expect(faults.decide('twilio', Math.random, ['+15550002222'])).toEqual({ delayMs: 5 });
    expect(faults.decide('telnyx', Math.random, ['+15550001111'])).toEqual({ delayMs: 5 });
    expect(faults.decide('twilio', Math.random, ['+15550001111'])).toEqual({ delayMs: 15_005 });
    expect(faults.all().recipients).toEqual([
      {
        provider: 'twilio',
        to: '+15550001111',
        mode: 'latency',
        rate: 1,
        latency_ms: 15_000,
        remaining: 1,
      },
    ]);
    expect(faults.decide('twilio', Math.random, ['+15550001111'])).toEqual({ delayMs: 15_005 });
    expect(faults.decide('twilio', Math.random, ['+15550001111'])).toEqual({ delayMs: 5 });
    expect(faults.all().recipients).toEqual([]);
  });

  it('lets a recipient’s fault win over the provider’s, and clears it with mode none', () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: 'sendgrid', mode: 'rate_limit' }));
    faults.set(request({ provider: '*', mode: 'error', status: 400, to: 'Ada@Example.com' }));
    expect(faults.decide('sendgrid', Math.random, ['ada@example.com']).action).toEqual({
      kind: 'error',
      status: 400,
    });
    faults.set(request({ provider: '*', mode: 'none', to: 'ada@example.com' }));
    expect(faults.decide('sendgrid', Math.random, ['ada@example.com']).action).toEqual({
      kind: 'rate_limit',
    });
    expect(faults.all().recipients).toEqual([]);
  });

  it('has no steady delay but none while nothing is set, again once settings are cleared or run out', () => {
    const faults = new FaultSettings();
    expect(faults.steadyDelayMs('twilio')).toBe(0);
    faults.set(request({ provider: 'twilio', mode: 'error' }));
    expect(faults.steadyDelayMs('twilio')).toBeUndefined();
    faults.reset();
    expect(faults.steadyDelayMs('twilio')).toBe(0);
    faults.set(request({ provider: '*', mode: 'error', to: '+15550001111', times: 1 }));
    expect(faults.steadyDelayMs('twilio')).toBeUndefined();
    faults.decide('twilio', Math.random, ['+15550001111']);
    expect(faults.steadyDelayMs('twilio')).toBe(0);
  });

  it("adds up the provider's and the global steady latency, and only that", () => {
    const faults = new FaultSettings();
    faults.set(request({ provider: 'twilio', mode: 'latency', latency_ms: 150 }));
    faults.set(request({ provider: '*', mode: 'latency', latency_ms: 100 }));
    expect(faults.steadyDelayMs('twilio')).toBe(250);
    expect(faults.steadyDelayMs('sendgrid')).toBe(100);
    faults.set(request({ provider: 'sendgrid', mode: 'latency', latency_ms: 10, times: 2 }));
    expect(faults.steadyDelayMs('sendgrid')).toBeUndefined();
    faults.set(request({ provider: 'twilio', mode: 'latency', latency_ms: 150, rate: 0.5 }));
    expect(faults.steadyDelayMs('twilio')).toBeUndefined();
  });
});
