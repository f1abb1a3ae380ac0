import type { E2eSeries, ScalingRun } from '../bench-results';
import { maxDeliveredPerS, scalingFactor, scalingFactors } from './scaling.phase';

const series = (delivered: [number, number][]): E2eSeries =>
  ({
    sandbox_latency_ms: 0,
    steps: delivered.map(([count, perS]) => ({ delivered: count, delivered_per_s: perS })),
    skipped_rates: [],
    max_rate_p99_under_1s: null,
  }) as unknown as E2eSeries;

describe('scalingFactor', () => {
  it("is two cores' figure over one core's, to two decimals", () => {
    expect(scalingFactor(800, 1_440)).toBe(1.8);
    expect(scalingFactor(150, 260)).toBe(1.73);
    expect(scalingFactor(1_000, 2_345)).toBe(2.35);
    // Fewer cores can do more, e.g. with less contention between processes.
    expect(scalingFactor(1_000, 900)).toBe(0.9);
  });

  it('is unknown unless both runs measured something', () => {
    expect(scalingFactor(0, 1_000)).toBeNull();
    expect(scalingFactor(1_000, 0)).toBeNull();
    expect(scalingFactor(null, 1_000)).toBeNull();
    expect(scalingFactor(1_000, undefined)).toBeNull();
    expect(scalingFactor(Number.NaN, 1_000)).toBeNull();
  });
});

describe('maxDeliveredPerS', () => {
  it('is the most any step delivered per second, whatever its offered rate', () => {
    expect(
      maxDeliveredPerS(
        series([
          [5_000, 250],
          [8_000, 275],
          [9_000, 226],
        ]),
      ),
    ).toBe(275);
  });

  it('is unknown when nothing arrived', () => {
    expect(maxDeliveredPerS(series([[0, 0]]))).toBeNull();
    expect(maxDeliveredPerS(series([]))).toBeNull();
    expect(maxDeliveredPerS(undefined)).toBeNull();
  });
});

describe('scalingFactors', () => {
  const runOn = (cpus: number[], single: number, delivered: number | null) =>
    ({
      cpus,
      single: { accepted_per_s: single },
      e2e_max_delivered_per_s: delivered,
    }) as unknown as ScalingRun;

  it('compares the two-core run with the one-core run, single sends and end to end', () => {
    expect(scalingFactors([runOn([0], 700, 140), runOn([0, 1], 1_330, 270)])).toEqual({
      single: 1.9,
      e2e: 1.93,
    });
  });

  it('has no factor without the second run', () => {
    expect(scalingFactors([runOn([0], 700, 140)])).toEqual({ single: null, e2e: null });
    expect(scalingFactors([runOn([0], 700, null), runOn([0, 1], 1_400, 280)]).e2e).toBeNull();
  });
});
