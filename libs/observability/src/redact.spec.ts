import { Writable } from 'node:stream';
import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import { createLogger } from './logger';
import { maskAddress, redactLogObject, scrubText } from './redact';

describe('maskAddress', () => {
  it('keeps the country code and last four digits of a phone number', () => {
    expect(maskAddress('+15551234567')).toBe('+1555***4567');
    expect(maskAddress('+447911123456')).toBe('+4479***3456');
  });

  it('masks the same number identically however it was formatted, so logs still correlate', () => {
    expect(maskAddress('+1 (555) 123-4567')).toBe(maskAddress('+15551234567'));
  });

  it('keeps the first letter and the domain of an email address', () => {
    expect(maskAddress('jane.doe@example.com')).toBe('j***@example.com');
  });

  it('never returns the raw address', () => {
    for (const address of ['+15551234567', 'jane.doe@example.com', '555-1234', 'x@y.z']) {
      expect(maskAddress(address)).not.toBe(address);
    }
    expect(String(maskAddress('jane.doe@example.com'))).not.toContain('jane');
    expect(String(maskAddress('+15551234567'))).not.toContain('5551234567');
  });

  it('hides short or odd values completely', () => {
    expect(maskAddress('555-1234')).toBe('***');
    expect(maskAddress('@example.com')).toBe('***');
    expect(maskAddress('')).toBe('***');
  });

  it('leaves non-strings alone', () => {
    expect(maskAddress(undefined)).toBeUndefined();
    expect(maskAddress(null)).toBeNull();
  });
});

describe('redaction of hostile text', () => {
  // A logger writing nowhere: the redaction and serialisation are what is measured.
  const log = createLogger({
    service: 'test',
    level: 'info',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  beforeAll(() => log.error(new Error('warm up jane@example.com +15551234567')));

  it.each(adversarialTexts())('handles 1 MiB of %s within the budget', (_name, text) => {
    const calls: [string, () => unknown][] = [
      ['scrubText', () => scrubText(text)],
      ['maskAddress', () => maskAddress(text)],
      ['redactLogObject', () => redactLogObject({ err: new Error(text), to: text, note: text })],
      ['log message', () => log.info(text)],
      ['logged error', () => log.error(new Error(text))],
      ['logged object', () => log.warn({ error: { message: text }, from: text }, text)],
    ];
    expect(slowCalls(calls)).toEqual([]);
  });
});

describe('long texts in logs', () => {
  it('cuts a text to 16 KiB, says how much was cut, and never leaves half an address behind', () => {
    const text = `${'word '.repeat(3276)}jane.doe@example.com and more ${'x'.repeat(100_000)}`;
    const scrubbed = scrubText(text);
    expect(scrubbed.length).toBeLessThan(16 * 1024 + 40);
    expect(scrubbed).toMatch(/…\[\d+ characters cut\]$/);
    expect(scrubbed).not.toContain('jane');
  });
});
