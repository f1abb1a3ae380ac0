import path from 'node:path';
import { capacityPlan, cores, readScalingSettings } from './capacity';

describe('the capacity model', () => {
  it('reads every scaled Deployment of the manifests with its CPU and autoscaling bounds', () => {
    const settings = readScalingSettings(path.resolve(__dirname, '../../../k8s/base'));
    const apps = settings.map((s) => s.app).sort();
    expect(apps).toEqual(
      expect.arrayContaining([
        'conversation-service',
        'gateway',
        'sms-dispatcher',
        'webhook-ingest',
      ]),
    );
    const gateway = settings.find((s) => s.app === 'gateway')!;
    expect(gateway.autoscaler).toBe('HPA');
    expect(gateway.cpuLimit).toBeGreaterThan(0);
    expect(gateway.maxReplicas).toBeGreaterThan(0);
    expect(settings.find((s) => s.app === 'sms-dispatcher')!.autoscaler).toBe('KEDA');
  });

  it('turns CPU per message into cores and replicas at 70% of the limit, leaving out what is not ours', () => {
    const plan = capacityPlan(
      { gateway: 350, 'nats-server': 400, 'provider-sandbox': 900, 'load generator': 100 },
      [
        {
          app: 'gateway',
          cpuRequest: 0.1,
          cpuLimit: 0.5,
          autoscaler: 'HPA',
          utilizationTarget: 70,
          maxReplicas: 4,
        },
      ],
      10_000,
    );
    expect(plan.map((r) => [r.process, r.cores, r.replicas])).toEqual([
      ['nats-server', 4, null],
      // 3.5 cores at 0.35 of a core each.
      ['gateway', 3.5, 10],
    ]);
  });

  it('reads Kubernetes CPU quantities', () => {
    expect([cores('1'), cores('500m'), cores(2), cores(undefined)]).toEqual([1, 0.5, 2, 0]);
  });
});
