import type { ProviderHealthEntry, ProviderHealthReport } from '@switchboard/contracts';
import { mergeProviderHealth } from './merge-provider-health';

const entry = (
  name: string,
  position: number,
  over: Partial<ProviderHealthEntry> = {},
): ProviderHealthEntry => ({
  name,
  position,
  circuit: 'closed',
  calls: 0,
  error_rate: null,
  mean_latency_ms: null,
  demoted: false,
  ...over,
});

const report = (
  instance: string,
  providers: ProviderHealthEntry[],
  over: Partial<ProviderHealthReport> = {},
): ProviderHealthReport => ({
  channel: 'sms',
  instance,
  interval_ms: 1_000,
  reported_at: '2026-12-07T12:00:00.000Z',
  providers,
  ...over,
});

describe('mergeProviderHealth', () => {
  it('answers every channel, with no replica and no provider where none reported', () => {
    expect(mergeProviderHealth([], 0)).toEqual({
      channels: ['sms', 'email', 'voice'].map((channel) => ({
        channel,
        replicas: 0,
        reported_at: null,
        providers: [],
      })),
    });
  });

  it('takes the worst circuit of the replicas, adds their calls and puts an open circuit last', () => {
    const one = report('sms-dispatcher:1', [
      entry('twilio', 0, { circuit: 'open', calls: 3, error_rate: 1, mean_latency_ms: 40 }),
      entry('telnyx', 1, { calls: 1, error_rate: 0, mean_latency_ms: 20 }),
    ]);
    const two = report(
      'sms-dispatcher:2',
      [
        entry('twilio', 0, { calls: 1, error_rate: 0, mean_latency_ms: 80 }),
        entry('telnyx', 1, {
          circuit: 'half_open',
          calls: 3,
          error_rate: 1 / 3,
          mean_latency_ms: 60,
        }),
      ],
      { reported_at: '2026-12-07T12:00:01.000Z' },
    );
    const [sms] = mergeProviderHealth(
      [
        { report: one, receivedAtMs: 10_000 },
        { report: two, receivedAtMs: 10_000 },
      ],
      10_500,
    ).channels;
    expect(sms).toEqual({
      channel: 'sms',
      replicas: 2,
      reported_at: '2026-12-07T12:00:01.000Z',
      providers: [
        {
          name: 'telnyx',
          circuit: 'half_open',
          circuits: { closed: 1, half_open: 1, open: 0 },
          calls: 4,
          error_rate: 0.25,
          mean_latency_ms: 50,
          demoted: false,
        },
        {
          name: 'twilio',
          circuit: 'open',
          circuits: { closed: 1, half_open: 0, open: 1 },
          calls: 4,
          error_rate: 0.75,
          mean_latency_ms: 50,
          demoted: false,
        },
      ],
    });
  });

  it('keeps the configured order among healthy providers and puts a demoted one behind them', () => {
    const [sms] = mergeProviderHealth(
      [
        {
          report: report('a', [
            entry('telnyx', 1),
            entry('bandwidth', 2),
            entry('twilio', 0, { demoted: true }),
          ]),
          receivedAtMs: 0,
        },
      ],
      0,
    ).channels;
    expect(sms!.providers.map((p) => [p.name, p.error_rate, p.mean_latency_ms])).toEqual([
      ['telnyx', null, null],
      ['bandwidth', null, null],
      ['twilio', null, null],
    ]);
  });

  it('drops a replica silent for more than three of its intervals', () => {
    const heard = [
      { report: report('gone', [entry('twilio', 0, { circuit: 'open' })]), receivedAtMs: 0 },
      { report: report('here', [entry('twilio', 0)]), receivedAtMs: 3_500 },
    ];
    expect(mergeProviderHealth(heard, 3_000).channels[0]).toMatchObject({
      replicas: 2,
      providers: [{ circuit: 'open' }],
    });
    expect(mergeProviderHealth(heard, 3_001).channels[0]).toMatchObject({
      replicas: 1,
      providers: [{ circuit: 'closed' }],
    });
  });
});
