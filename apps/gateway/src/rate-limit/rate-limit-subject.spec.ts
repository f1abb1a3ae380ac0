import type { Request } from 'express';
import { rateLimitSubject } from './rate-limit-subject';

const request = (headers: Record<string, string>, ip = '192.0.2.7') =>
  ({ headers, ip, socket: { remoteAddress: ip } }) as unknown as Request;

describe('rateLimitSubject', () => {
  it('charges an authenticated request to its tenant', () => {
    expect(rateLimitSubject(request({ authorization: 'Bearer x' }), 'acme', 'development')).toEqual(
      { kind: 'tenant', id: 'acme' },
    );
  });

  it('charges an anonymous development request to its source address', () => {
    expect(rateLimitSubject(request({}), 'development', 'development')).toEqual({
      kind: 'ip',
      id: '192.0.2.7',
    });
  });

  it('charges a development request that sent credentials to the development tenant', () => {
    expect(rateLimitSubject(request({ 'x-api-key': 'k' }), 'development', 'development')).toEqual({
      kind: 'tenant',
      id: 'development',
    });
  });
});
