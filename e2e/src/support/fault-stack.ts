import {
  createTestDatabase,
  startStack,
  type AppName,
  type Stack,
  type TestDatabase,
} from '@switchboard/testing';

/**
 * What the fault suites share: a killed dispatcher's leases and unacknowledged deliveries are
 * taken over after 5 s, stuck messages are re-driven soon, provider callbacks are off (the
 * suites count what reaches the provider), and the load comes from one client, so the
 * gateway's rate limit (another suite's subject) is off.
 */
const FAULT_ENV: Readonly<Record<string, string>> = {
  DISPATCH_LEASE_MS: '5000',
  STUCK_MESSAGE_AFTER_MS: '20000',
  STUCK_SWEEP_INTERVAL_MS: '2000',
  STATUS_CALLBACKS: 'false',
  SANDBOX_CALLBACKS: 'false',
  RATE_LIMIT_ENABLED: 'false',
  LOG_LEVEL: 'warn',
};

export interface FaultStack {
  stack: Stack;
  gateway: string;
  sandbox: string;
  /** Stops the stack and drops the database it made. */
  stop(): Promise<void>;
}

/**
 * A whole stack for a fault suite, on a database of its own (made and dropped here) unless
 * `databaseUrl` names one: another stack's sweeper must not re-drive the suite's messages.
 *
 * @example const faults = await startFaultStack({ replicas: { 'sms-dispatcher': 2 } });
 */
export async function startFaultStack(
  options: {
    databaseUrl?: string;
    env?: Record<string, string>;
    replicas?: Partial<Record<AppName, number>>;
    /** The apps to start; all of them by default. */
    only?: readonly AppName[];
  } = {},
): Promise<FaultStack> {
  const database: TestDatabase | undefined = options.databaseUrl
    ? undefined
    : await createTestDatabase();
  let stack: Stack;
  try {
    stack = await startStack({
      ...(options.replicas ? { replicas: options.replicas } : {}),
      ...(options.only ? { only: options.only } : {}),
      env: {
        DATABASE_URL: options.databaseUrl ?? database!.url,
        ...FAULT_ENV,
        ...options.env,
      },
    });
  } catch (err) {
    await database?.drop();
    throw err;
  }
  return {
    stack,
    gateway: stack.url('gateway'),
    sandbox: stack.url('provider-sandbox'),
    async stop() {
      await stack.stop();
      await database?.drop();
    },
  };
}
