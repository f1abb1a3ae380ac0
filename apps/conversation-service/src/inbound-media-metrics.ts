import { Counter, type ServiceMetrics } from '@switchboard/observability';
import type { InboundMediaHeldError } from './handlers/inbound-media.handler';

/**
 * What happens to inbound files: each one's verdict (`media_inbound_files_total`), the infected
 * ones quarantined (`media_inbound_quarantined_total`, alerted on), and inbound messages handed
 * back to wait for clamd or the provider (`media_inbound_held_total`).
 */
export function createInboundMediaMetrics(metrics: ServiceMetrics) {
  const files = new Counter({
    name: 'media_inbound_files_total',
    help: 'Inbound MMS and email files, by provider and verdict (clean, infected, error, refused)',
    labelNames: ['provider', 'verdict'],
    registers: [metrics.registry],
  });
  const quarantined = new Counter({
    name: 'media_inbound_quarantined_total',
    help: 'Inbound files scanned infected (or refused by clamd) and quarantined, by provider',
    labelNames: ['provider'],
    registers: [metrics.registry],
  });
  const held = new Counter({
    name: 'media_inbound_held_total',
    help: 'Inbound messages handed back to wait for their media: clamd or the provider unavailable',
    labelNames: ['reason'],
    registers: [metrics.registry],
  });
  return {
    countFile(provider: string, verdict: string) {
      files.inc({ provider, verdict });
      if (verdict === 'infected' || verdict === 'error') quarantined.inc({ provider });
    },
    countHeld(reason: InboundMediaHeldError['reason']) {
      held.inc({ reason });
    },
  };
}
