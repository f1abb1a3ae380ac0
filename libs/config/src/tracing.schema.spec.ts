import { loadConfig } from './load-config';
import { tracingEnv, tracingRequested } from './tracing.schema';

const requested = (env: Record<string, string>) => tracingRequested(loadConfig(tracingEnv, env));

describe('tracingRequested', () => {
  it('is off by default', () => {
    expect(requested({})).toBe(false);
  });

  it('is on with an OTLP endpoint, general or for traces', () => {
    expect(requested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(
      requested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }),
    ).toBe(true);
  });

  it('is on with an exporter named, and off with `none` among them', () => {
    expect(requested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(requested({ OTEL_TRACES_EXPORTER: 'otlp, console' })).toBe(true);
    expect(
      requested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
  });

  it('is off whenever the SDK is disabled', () => {
    expect(
      requested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
  });

  it('treats blank settings as unset', () => {
    expect(requested({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ', OTEL_TRACES_EXPORTER: '' })).toBe(false);
  });
});
