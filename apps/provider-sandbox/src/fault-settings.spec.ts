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
});
