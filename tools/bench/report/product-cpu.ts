import { MACHINE } from '../process-sampler';

/**
 * What is not the product's own cost: the load generator, the stand-in for the providers, and the
 * whole machine (which includes everything, whatever else ran on it).
 */
const NOT_THE_PRODUCT: ReadonlySet<string> = new Set([
  'load generator',
  'provider-sandbox',
  MACHINE,
]);

/**
 * CPU microseconds per message of the product itself: its services, PostgreSQL and NATS.
 *
 * @example productCpuUs(step.cpu_us_per_message) // 4992
 */
export function productCpuUs(cpuUsPerMessage: Readonly<Record<string, number>>): number {
  return Object.entries(cpuUsPerMessage)
    .filter(([name]) => !NOT_THE_PRODUCT.has(name))
    .reduce((sum, [, us]) => sum + us, 0);
}
