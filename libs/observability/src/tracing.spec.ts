import { loadConfig, tracingEnv } from '@switchboard/config';
import type * as Tracing from './tracing';

const startSdk = jest.fn((_serviceName: string) => ({ shutdown: jest.fn(async () => undefined) }));
jest.mock('./tracing-sdk', () => ({ startSdk }));

/** A fresh copy of the module, as each process gets one. */
function tracingModule(): typeof Tracing {
  let loaded!: typeof Tracing;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module instance per test
    loaded = require('./tracing');
  });
  return loaded;
}

beforeEach(() => startSdk.mockClear());

describe('startTracing', () => {
  it('does not load or start the SDK unless OTEL_* ask for tracing', () => {
    const { startTracing } = tracingModule();
    expect(startTracing('gateway', loadConfig(tracingEnv, {}))).toBe(false);
    expect(startSdk).not.toHaveBeenCalled();
  });

  it("starts it once, under the service's name, when an endpoint is given", async () => {
    const { startTracing, shutdownTracing } = tracingModule();
    const env = loadConfig(tracingEnv, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(startTracing('gateway', env)).toBe(true);
    expect(startTracing('gateway', env)).toBe(true);
    expect(startSdk).toHaveBeenCalledTimes(1);
    expect(startSdk).toHaveBeenCalledWith('gateway');

    const sdk = startSdk.mock.results[0]!.value as { shutdown: jest.Mock };
    await shutdownTracing();
    await shutdownTracing();
    expect(sdk.shutdown).toHaveBeenCalledTimes(1);
  });

  it('lets OTEL_SERVICE_NAME rename the service', () => {
    const { startTracing } = tracingModule();
    startTracing(
      'gateway',
      loadConfig(tracingEnv, { OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'edge' }),
    );
    expect(startSdk).toHaveBeenCalledWith('edge');
  });
});
