import './tracing';
import { loadConfig } from '@switchboard/config';
import { createLogger, createMetrics, runService } from '@switchboard/observability';
import { sandboxConfigSchema } from './config';
import { createProviderSandbox } from './sandbox-app';

const SERVICE = 'provider-sandbox';

const config = loadConfig(sandboxConfigSchema, process.env);
const log = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
const metrics = createMetrics(SERVICE);
const service = createProviderSandbox({ config, log, metrics });

void runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
