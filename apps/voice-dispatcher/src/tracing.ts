// The first import of main.ts: OpenTelemetry's instrumentations hook into http, express and pg
// as they are loaded, so tracing (when OTEL_* switch it on) starts before anything else.
import { loadConfig, tracingEnv } from '@switchboard/config';
import { startTracing } from '@switchboard/observability';

startTracing('voice-dispatcher', loadConfig(tracingEnv, process.env));
