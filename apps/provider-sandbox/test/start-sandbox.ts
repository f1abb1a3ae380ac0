import { loadConfig, type Env } from '@switchboard/config';
import { createLogger, createMetrics } from '@switchboard/observability';
import { sandboxConfigSchema, type SandboxConfig } from '@switchboard/app-config/provider-sandbox';
import { createProviderSandbox } from '../src/sandbox-app';

export interface TestSandbox {
  url: string;
  smtpPort: number;
  config: SandboxConfig;
  /** The JSON log lines written so far. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * Boots the real sandbox on free HTTP and SMTP ports with a logger whose output the test can
 * read. Callbacks are off unless `env` turns them on (and points them at the test's receiver).
 */
export async function startTestSandbox(env: Env = {}): Promise<TestSandbox> {
  const config = loadConfig(sandboxConfigSchema, {
    HOST: '127.0.0.1',
    SANDBOX_PORT: '0',
    SANDBOX_SMTP_PORT: '0',
    SANDBOX_CALLBACKS: 'false',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...env,
  });
  const lines: string[] = [];
  const log = createLogger({
    service: 'provider-sandbox',
    level: 'info',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const sandbox = createProviderSandbox({
    config,
    log,
    metrics: createMetrics('provider-sandbox'),
  });
  await sandbox.start();
  return {
    url: sandbox.url,
    smtpPort: sandbox.smtpPort,
    config,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => sandbox.stop(),
  };
}
