import type { PromMetrics } from './prometheus-scrape';

/** What a label value must never be: an id, a number or an address makes a series per message. */
export const UNBOUNDED_VALUES: Readonly<Record<string, RegExp>> = {
  uuid: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
  'E.164 number': /\+[1-9]\d{6,14}/,
  'long digit run': /\d{7,}/,
  // eslint-disable-next-line regexp/no-super-linear-move -- runs over the short label values of our own metrics
  'email address': /[^\s@]+@[^\s@]+\.[^\s@]+/,
  'provider message id': /\b(SM|MM)[0-9a-f]{32}\b/,
};

/** Synthesised by Prometheus itself for every target, never exposed by a service. */
const PROMETHEUS_SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** prom-client's default process metrics, whose names promtool's linter dislikes. */
export const PROM_CLIENT_DEFAULTS = /^(nodejs_|process_)/;

/** Every metric name the scraped services expose, histograms with their series suffixes. */
export function namesExposedBy(scraped: Iterable<{ families: PromMetrics }>): Set<string> {
  const names = new Set(PROMETHEUS_SYNTHETIC);
  for (const { families: f } of scraped) {
    for (const [name, family] of Object.entries(f)) {
      names.add(name);
      if (family.type === 'histogram') {
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      }
    }
  }
  return names;
}
