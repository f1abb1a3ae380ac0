import { Writable } from 'node:stream';
import {
  REQUEST_ID_HEADER,
  acceptRequestId,
  currentCorrelation,
  newRequestId,
  withCorrelation,
} from './correlation';
import { createLogger } from './logger';
import { continueIncoming, detached, outgoingHeaders } from './trace-context';

/** Without a tracing SDK registered: what travels and what is logged. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { log: createLogger({ service: 't', level: 'info', destination }), lines };
}

describe('acceptRequestId', () => {
  it('keeps ids made of safe characters', () => {
    for (const id of ['abc', '0f8fad5b-d9cb-469f-a165-70867728950e', 'req_1:2/3+4=5@x.y']) {
      expect(acceptRequestId(id)).toBe(id);
    }
    expect(acceptRequestId(['first', 'second'])).toBe('first');
  });

  it('drops ids that could forge log lines or headers, or are too long', () => {
    for (const id of [
      '',
      ' leading',
      'has space',
      'a\nb',
      'quote"d',
      '<script>',
      'x'.repeat(129),
    ]) {
      expect(acceptRequestId(id)).toBeUndefined();
    }
    expect(acceptRequestId(undefined)).toBeUndefined();
    expect(acceptRequestId(42)).toBeUndefined();
    expect(acceptRequestId('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('accepts the ids it makes up', () => {
    const id = newRequestId();
    expect(acceptRequestId(id)).toBe(id);
    expect(newRequestId()).not.toBe(id);
  });
});

describe('correlation without tracing', () => {
  it('follows the work through awaits and timers, and nests', async () => {
    await withCorrelation({ request_id: 'r-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentCorrelation()).toEqual({ request_id: 'r-1' });
      await withCorrelation({ message_id: 'm-1', provider_message_id: null }, async () => {
        await Promise.resolve();
        expect(currentCorrelation()).toEqual({ request_id: 'r-1', message_id: 'm-1' });
      });
      expect(currentCorrelation()).toEqual({ request_id: 'r-1' });
    });
    expect(currentCorrelation()).toEqual({});
  });

  it('sends the request id in message headers, and no trace context while nothing traces', () => {
    const headers = withCorrelation({ request_id: 'r-2' }, () => outgoingHeaders({ a: 'b' }));
    expect(headers).toEqual({ a: 'b', [REQUEST_ID_HEADER]: 'r-2' });
    expect(outgoingHeaders()).toEqual({});
  });

  it('restores the sender request id and the message ids on the receiving side', async () => {
    const seen = await continueIncoming(
      { [REQUEST_ID_HEADER]: 'r-3' },
      'process test',
      {},
      { message_id: 'm-3' },
      async () => currentCorrelation(),
    );
    expect(seen).toEqual({ request_id: 'r-3', message_id: 'm-3' });
  });

  it('ignores a request id header that is not safe', async () => {
    const seen = await continueIncoming(
      { [REQUEST_ID_HEADER]: 'bad id' },
      'process test',
      {},
      {},
      async () => currentCorrelation(),
    );
    expect(seen).toEqual({});
  });

  it('puts the correlation on every log line written on behalf of the work', async () => {
    const { log, lines } = capture();
    await withCorrelation({ request_id: 'r-4', message_id: 'm-4' }, async () => {
      log.info('inside');
      log.info({ message_id: 'explicit' }, 'explicit wins');
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', request_id: 'r-4', message_id: 'm-4' });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ request_id: 'r-4', message_id: 'explicit' });
    expect(lines[2]).not.toHaveProperty('request_id');
  });

  it('runs background work detached from the request that woke it', async () => {
    const seen = await withCorrelation({ request_id: 'r-5' }, () =>
      detached(() => new Promise((resolve) => setTimeout(() => resolve(currentCorrelation()), 1))),
    );
    expect(seen).toEqual({});
  });
});
