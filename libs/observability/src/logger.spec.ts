import { Writable } from 'node:stream';
import { createLogger } from './logger';

const PHONE = '+15551234567';
const EMAIL = 'jane@example.com';
const BODY = 'secret text';
const TOKEN = 'Bearer x-very-secret-token';

/** A logger writing into memory, and the lines it wrote, raw and parsed. */
function capture(level = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  const log = createLogger({ service: 't', level, destination });
  return {
    log,
    raw: () => lines.join('\n'),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function expectNoPii(raw: string): void {
  expect(raw).not.toContain(PHONE);
  expect(raw).not.toContain('5551234567');
  expect(raw).not.toContain(EMAIL);
  expect(raw).not.toContain('jane@');
  expect(raw).not.toContain(BODY);
  expect(raw).not.toContain('x-very-secret-token');
}

describe('createLogger', () => {
  it('writes JSON lines with the service, a level label and an ISO time', () => {
    const { log, records } = capture();
    log.info({ message_id: 'm-1' }, 'queued');

    const [record] = records();
    expect(record).toMatchObject({ service: 't', level: 'info', msg: 'queued', message_id: 'm-1' });
    expect(new Date(String(record?.['time'])).toISOString()).toBe(record?.['time']);
  });

  it('masks addresses and removes the body and the authorization header at the top level', () => {
    const { log, raw, records } = capture();
    log.info(
      { from: PHONE, to: EMAIL, body: BODY, req: { headers: { authorization: TOKEN } } },
      'sending',
    );

    expectNoPii(raw());
    expect(records()[0]).toMatchObject({
      service: 't',
      from: '+1555***4567',
      to: 'j***@example.com',
      body: '[redacted]',
      req: { headers: { authorization: '[redacted]' } },
      msg: 'sending',
    });
  });

  it('redacts the same fields nested one level down', () => {
    const { log, raw, records } = capture();
    log.info({
      message: { from: PHONE, to: EMAIL, body: BODY, headers: { authorization: TOKEN } },
    });

    expectNoPii(raw());
    expect(records()[0]?.['message']).toEqual({
      from: '+1555***4567',
      to: 'j***@example.com',
      body: '[redacted]',
      headers: { authorization: '[redacted]' },
    });
  });

  it('redacts the same fields nested two levels down', () => {
    const { log, raw, records } = capture();
    log.info({
      job: { message: { From: PHONE, To: EMAIL, Body: BODY, subject: 'Your code is 1234' } },
    });

    expectNoPii(raw());
    expect(raw()).not.toContain('Your code is 1234');
    expect(records()[0]?.['job']).toEqual({
      message: {
        From: '+1555***4567',
        To: 'j***@example.com',
        Body: '[redacted]',
        subject: '[redacted]',
      },
    });
  });

  it('masks addresses inside arrays of messages', () => {
    const { log, raw } = capture();
    log.info({ batch: [{ to: PHONE }, { to: EMAIL }] });

    expectNoPii(raw());
    expect(raw()).toContain('+1555***4567');
    expect(raw()).toContain('j***@example.com');
  });

  it('masks every address-like field name', () => {
    const { log, raw, records } = capture();
    log.info({ participant: PHONE, address: EMAIL, recipient: PHONE });

    expectNoPii(raw());
    expect(records()[0]).toMatchObject({
      participant: '+1555***4567',
      address: 'j***@example.com',
      recipient: '+1555***4567',
    });
  });

  it('removes contents and credentials wherever they are named', () => {
    const secrets = {
      text: 'plain body',
      html: '<p>html body</p>',
      attachments: ['https://cdn.example/private.pdf'],
      media: ['https://cdn.example/photo.jpg'],
      MediaUrl0: 'https://api.twilio.test/Media/ME1',
      password: 'hunter2',
      token: 'tok_123',
      apiKey: 'SG.key',
      api_key: 'SG.key2',
      authToken: 'twilio-auth',
      secret: 'whsec_1',
    };
    const { log, raw } = capture();
    log.info({ ...secrets, nested: { ...secrets } });

    for (const value of Object.values(secrets).flat()) expect(raw()).not.toContain(value);
  });

  it('removes every secret header of a request', () => {
    const headers = {
      authorization: TOKEN,
      cookie: 'sid=session-cookie',
      'x-api-key': 'key-123',
      'x-twilio-signature': 'sig-abc',
      'x-twilio-email-event-webhook-signature': 'sig-def',
      'content-type': 'application/json',
    };
    const { log, raw, records } = capture();
    log.info({ req: { method: 'POST', headers } });
    log.info({ headers });

    for (const [name, value] of Object.entries(headers)) {
      if (name === 'content-type') continue;
      expect(raw()).not.toContain(value);
    }
    // Harmless headers stay readable.
    expect(records()[0]).toMatchObject({
      req: { method: 'POST', headers: { 'content-type': 'application/json' } },
    });
  });

  it('masks addresses bound to a child logger', () => {
    const { log, raw, records } = capture();
    log.child({ to: PHONE, message_id: 'm-2' }).info('delivered');

    expectNoPii(raw());
    expect(records()[0]).toMatchObject({
      service: 't',
      to: '+1555***4567',
      message_id: 'm-2',
      msg: 'delivered',
    });
  });

  it('does not mutate the object that was logged', () => {
    const { log } = capture();
    const payload = { to: PHONE, body: BODY };
    log.info(payload);
    expect(payload).toEqual({ to: PHONE, body: BODY });
  });

  it('drops records below its level', () => {
    const { log, records } = capture('warn');
    log.info({ to: PHONE }, 'chatty');
    log.warn('careful');
    expect(records().map((r) => r['msg'])).toEqual(['careful']);
  });
});

describe('createLogger keeps authorization out at any spelling and depth', () => {
  it('redacts capitalised and deeper header names', () => {
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const log = createLogger({ service: 't', level: 'info', destination });
    log.info({ headers: { Authorization: 'Basic xyz' } });
    log.info({ a: { b: { headers: { authorization: 'Bearer deep' } } } });
    log.info({ to: 15551234567 });
    const out = lines.join('\n');
    expect(out).not.toContain('Basic xyz');
    expect(out).not.toContain('Bearer deep');
    expect(out).not.toContain('15551234567');
  });
});
