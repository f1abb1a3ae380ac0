import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { metricNamesIn } from '@switchboard/testing';
import { ROOT } from './manifests';

const PROMETHEUS_DIR = path.join(ROOT, 'infra/prometheus');
const DASHBOARD = path.join(ROOT, 'infra/grafana/switchboard-dashboard.json');
const OBSERVABILITY_DOC = path.join(ROOT, 'docs/OBSERVABILITY.md');

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Dashboard {
  uid: string;
  title: string;
  templating: { list: { name: string }[] };
  panels: {
    id: number;
    type: string;
    title: string;
    gridPos: { h: number; w: number; x: number; y: number };
    datasource?: { uid: string };
    targets?: { refId: string; expr: string }[];
  }[];
}

const rules = (
  parseYaml(readFileSync(path.join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8')) as {
    groups: { name: string; rules: AlertRule[] }[];
  }
).groups.flatMap((g) => g.rules);
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

/** promtool, Prometheus' own checker, when installed (Debian: apt-get install prometheus). */
const promtool = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
const withPromtool = promtool ? it : it.skip;
const runPromtool = (...args: string[]) => {
  const result = spawnSync(promtool, args, { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/** The anchors of the headings of a Markdown document, as GitHub makes them. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('Prometheus configuration (infra/prometheus)', () => {
  withPromtool('passes promtool check config, with its alert rules', () => {
    const { status, output } = runPromtool('check', 'config', 'prometheus.yml');
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  withPromtool('passes promtool check rules', () => {
    const { status, output } = runPromtool('check', 'rules', 'alerts.yml');
    expect(output).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
    expect(status).toBe(0);
  });

  withPromtool(
    'has a Kubernetes example promtool accepts (where it was built with Kubernetes discovery)',
    () => {
      const { status, output } = runPromtool('check', 'config', 'prometheus.kubernetes.yml');
      // Debian's promtool is built without Kubernetes service discovery; anything else must pass.
      if (/field kubernetes_sd_configs not found/.test(output)) return;
      expect(output).toContain('SUCCESS');
      expect(status).toBe(0);
    },
  );

  it('scrapes every service of the Compose stack on its port', () => {
    const config = parseYaml(readFileSync(path.join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((c) =>
      c.static_configs.flatMap((s) => s.targets),
    );
    expect(targets.sort()).toEqual(
      [
        'conversation-service:8081',
        'email-dispatcher:8083',
        'gateway:8080',
        'provider-sandbox:4010',
        'sms-dispatcher:8082',
        'webhook-ingest:8084',
        'voice-dispatcher:8085',
        'webhook-dispatcher:8086',
      ].sort(),
    );
    expect(config.rule_files).toEqual(['alerts.yml']);
  });

  it('keeps the pods Kubernetes annotates for scraping', () => {
    const config = parseYaml(
      readFileSync(path.join(PROMETHEUS_DIR, 'prometheus.kubernetes.yml'), 'utf8'),
    ) as {
      scrape_configs: {
        kubernetes_sd_configs: { role: string }[];
        relabel_configs: { source_labels?: string[]; action?: string; regex?: string }[];
      }[];
    };
    const [job] = config.scrape_configs;
    expect(job?.kubernetes_sd_configs[0]?.role).toBe('pod');
    expect(job?.relabel_configs[0]).toEqual({
      source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
      action: 'keep',
      regex: 'true',
    });
  });

  it('alerts on what the issue names: provider failures, open circuits, queue lag, dead letters, webhook signatures, p99 latency', () => {
    const names = rules.map((r) => r.alert);
    for (const expected of [
      'ProviderFailureRateHigh',
      'ProviderCircuitOpen',
      'ConsumerLagGrowing',
      'DeadLetteredMessages',
      'WebhookSignatureFailures',
      'ApiLatencyP99High',
    ]) {
      expect(names).toContain(expected);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every alert valid PromQL, a severity, a summary and a runbook section that exists', () => {
    const anchors = anchorsOf(readFileSync(OBSERVABILITY_DOC, 'utf8'));
    for (const rule of rules) {
      expect(() => metricNamesIn(rule.expr)).not.toThrow();
      expect(metricNamesIn(rule.expr).length).toBeGreaterThan(0);
      expect(['warning', 'critical']).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary']).toBeTruthy();
      const runbook = rule.annotations?.['runbook'] ?? '';
      expect(runbook).toMatch(/^docs\/OBSERVABILITY\.md#/);
      expect(anchors).toContain(runbook.split('#')[1]);
    }
  });
});

describe('Grafana dashboard (infra/grafana)', () => {
  const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');

  it('is an importable dashboard with a data source variable', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBe('Switchboard');
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(
      expect.arrayContaining(['datasource', 'service']),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lays every panel out on the 24-column grid', () => {
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.gridPos.h).toBeGreaterThan(0);
    }
  });

  it('queries through the data source variable, with valid PromQL in every target', () => {
    expect(queryPanels.length).toBeGreaterThan(15);
    for (const panel of queryPanels) {
      expect(panel.datasource?.uid).toBe('${datasource}');
      expect(panel.targets?.length).toBeGreaterThan(0);
      const refIds = panel.targets!.map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      for (const target of panel.targets!) {
        expect(metricNamesIn(target.expr).length).toBeGreaterThan(0);
      }
    }
  });
});
