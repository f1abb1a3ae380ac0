import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('writes scalars as JSON', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson({ a: undefined, b: false })).toBe('{"b":false}');
  });
});

describe('requestFingerprint', () => {
  const body = { from: '+15551234567', to: '+15559876543', body: 'Hi' };

  it('is the same for the same request however its body was written', () => {
    const reordered = JSON.parse('{ "body": "Hi", "to": "+15559876543", "from": "+15551234567" }');
    expect(requestFingerprint('post', '/api/v1/messages/send', reordered)).toBe(
      requestFingerprint('POST', '/api/v1/messages/send', body),
    );
    expect(requestFingerprint('POST', '/x', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs with the method, the route or the body', () => {
    const base = requestFingerprint('POST', '/api/v1/messages/send', body);
    expect(requestFingerprint('PUT', '/api/v1/messages/send', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/api/messages/sms', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/messages/send', { ...body, body: 'Hi!' })).not.toBe(
      base,
    );
  });
});
