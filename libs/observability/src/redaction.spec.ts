import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { redactLogObject, scrubText } from './redact';

const PHONE = '+15558675309';
const EMAIL = 'jenny.tutone@example.com';
const API_KEY = 'sb_live_0123456789ab_QmFzZTY0U2VjcmV0S2V5VGhhdElzTG9uZ0Vub3VnaDEyMw';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRfaWQiOiJhY21lIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

function capture(level = 'trace') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  return { log: createLogger({ service: 't', level, destination }), raw: () => lines.join('\n') };
}

function expectClean(raw: string): void {
  for (const secret of [PHONE, '5558675309', EMAIL, 'jenny', API_KEY, 'QmFzZTY0', JWT, 'hunter2']) {
    expect(raw).not.toContain(secret);
  }
}

describe('scrubText', () => {
  it('masks addresses and hides credentials quoted in text', () => {
    const text = scrubText(
      `Key (participant_a)=(${PHONE}) exists; to ${EMAIL}; number 15558675309; ` +
        `postgres://app:hunter2@db.internal/x; Bearer ${JWT}; ${API_KEY}; raw ${JWT}`,
    );
    expectClean(text);
    expect(text).toContain('(+1555***5309)');
    expect(text).toContain('j***@example.com');
    expect(text).toContain('postgres://[redacted]@db.internal/x');
    expect(text).toContain('sb_live_0123456789ab_[redacted]');
  });

  it('leaves ids, times and ordinary numbers readable', () => {
    const text =
      'message 0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e at 2024-11-01T14:00:00.123Z, 3 tries, port 8080';
    expect(scrubText(text)).toBe(text);
  });
});

describe('the logger keeps PII and secrets out at any depth', () => {
  it('masks and removes by field name however deep it is', () => {
    const { log, raw } = capture();
    log.info({
      a: {
        b: {
          c: { d: { to: PHONE, body: 'the body', attachments: ['https://cdn.example/x.jpg'] } },
        },
      },
      e: [{ f: [{ participants: [PHONE, EMAIL], metadata: { order: 'secret order' } }] }],
      headers: { 'X-Api-Key': API_KEY, Authorization: `Bearer ${JWT}` },
    });
    expectClean(raw());
    expect(raw()).not.toContain('the body');
    expect(raw()).not.toContain('cdn.example');
    expect(raw()).not.toContain('secret order');
    expect(raw()).toContain('+1555***5309');
  });

  it('scrubs errors: their message, stack and the fields a driver adds', () => {
    const { log, raw } = capture();
    const pgError = Object.assign(new Error(`duplicate key value violates unique constraint`), {
      detail: `Key (tenant_id, participant_a)=(acme, ${PHONE}) already exists.`,
      code: '23505',
    });
    const providerError = new Error(`The 'To' number ${PHONE} is not valid for ${EMAIL}`, {
      cause: new Error(`connect to postgres://app:hunter2@db/x failed`),
    });
    log.error({ err: pgError }, 'insert failed');
    log.error({ err: providerError }, 'send failed');
    log.error({ err: `rejected with ${API_KEY}` }, 'unhandled rejection');
    log.error(providerError);
    expectClean(raw());
    expect(raw()).toContain('23505');
    expect(raw()).toContain('(acme, +1555***5309)');
  });

  it('scrubs the message text and child bindings', () => {
    const { log, raw } = capture();
    log.child({ job: { message: { to: EMAIL } } }).warn(`could not reach ${PHONE} with ${API_KEY}`);
    expectClean(raw());
  });

  it('does not change what was logged', () => {
    const payload = { deep: { to: PHONE, body: 'b' }, err: new Error(PHONE) };
    const copy = redactLogObject(payload);
    expect(payload.deep).toEqual({ to: PHONE, body: 'b' });
    expect(payload.err.message).toBe(PHONE);
    expect(copy).toMatchObject({ deep: { to: '+1555***5309', body: '[redacted]' } });
  });
});
