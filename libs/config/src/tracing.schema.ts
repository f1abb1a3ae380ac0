import { z } from 'zod';
import { bool } from './env.schema';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

/**
 * The standard OpenTelemetry settings that decide whether a service traces at all. The SDK reads
 * the rest of the OTEL_* family (protocol, headers, sampler, batch delays) itself.
 *
 * @example startTracing('gateway', loadConfig(tracingEnv, process.env));
 */
export const tracingEnv = z.object({
  /** `true` switches tracing off whatever else is set. */
  OTEL_SDK_DISABLED: bool(false),
  /** `otlp`, `console`, `zipkin`, `none`, or a comma-separated list; unset means no exporter. */
  OTEL_TRACES_EXPORTER: optionalText,
  /** The collector's base URL; `/v1/traces` is appended for traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  /** The full traces URL, overriding the base. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText,
  /** Overrides the service's own name in the traces. */
  OTEL_SERVICE_NAME: optionalText,
});
export type TracingEnv = z.output<typeof tracingEnv>;

/**
 * Tracing is off unless asked for: an exporter named (other than `none`) or an OTLP endpoint
 * given, and the SDK not disabled.
 */
export function tracingRequested(env: TracingEnv): boolean {
  if (env.OTEL_SDK_DISABLED) return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (exporters.includes('none')) return false;
  return (
    exporters.length > 0 ||
    env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ||
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined
  );
}
