import { redactQuery, redactUrl } from './url-redaction';

describe('redactQuery', () => {
  it('hides secrets, masks addresses and keeps what is harmless', () => {
    const redacted = new URLSearchParams(
      redactQuery(
        'token=s3cret&participant=%2B15551234567&to=ada%40example.com&query=refund&limit=5&note=call+%2B447700900123',
      ),
    );
    expect(Object.fromEntries(redacted)).toEqual({
      token: '[redacted]',
      participant: '+1555***4567',
      to: 'a***@example.com',
      query: '[redacted]',
      limit: '5',
      note: 'call +4477***0123',
    });
  });

  it('bounds its work: a huge query is cut before it is looked at', () => {
    const redacted = redactQuery(`token=${'x'.repeat(1_000_000)}`);
    expect(redacted).toBe('token=%5Bredacted%5D');
  });
});

describe('redactUrl', () => {
  it('redacts the query of a full URL or a request target and drops the fragment', () => {
    expect(redactUrl('https://hooks.test:8443/in?token=s3cret#frag')).toBe(
      'https://hooks.test:8443/in?token=%5Bredacted%5D',
    );
    expect(redactUrl('/api/v1/conversations?participant=%2B15551234567')).toBe(
      '/api/v1/conversations?participant=%2B1555***4567',
    );
    expect(redactUrl('/health')).toBe('/health');
  });
});
