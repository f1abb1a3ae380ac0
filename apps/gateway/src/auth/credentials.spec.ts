import { generateApiKey } from '@switchboard/tenancy';
import { requestWith } from './auth-fixtures';
import { presentedCredential } from './credentials';

describe('presentedCredential', () => {
  const key = generateApiKey().key;

  it('reads an API key from Authorization: Bearer or X-API-Key, and a JWT from Bearer', () => {
    expect(presentedCredential(requestWith({ authorization: `Bearer ${key}` }))).toMatchObject({
      kind: 'api_key',
      key,
    });
    expect(presentedCredential(requestWith({ 'x-api-key': key }))).toMatchObject({
      kind: 'api_key',
    });
    expect(
      presentedCredential(requestWith({ authorization: `bearer ${key}`, 'x-api-key': key })),
    ).toMatchObject({
      kind: 'api_key',
    });
    expect(presentedCredential(requestWith({ authorization: 'Bearer aaa.bbb.ccc' }))).toEqual({
      kind: 'jwt',
      token: 'aaa.bbb.ccc',
    });
    expect(presentedCredential(requestWith({}))).toBeUndefined();
  });

  it.each([
    [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    [{ authorization: 'Bearer' }],
    [{ authorization: `Bearer ${key} extra` }],
    [{ authorization: 'Bearer sb_live_short' }],
    [{ authorization: 'Bearer just-some-token' }],
    [{ 'x-api-key': 'aaa.bbb.ccc' }],
    [{ 'x-api-key': '' }],
    [{ 'x-api-key': [key, key] }],
    [{ authorization: `Bearer ${key}`, 'x-api-key': generateApiKey().key }],
    [{ authorization: `Bearer ${'a'.repeat(9000)}.b.c` }],
  ])('refuses a credential it cannot use instead of ignoring it (#%#)', (headers) => {
    expect(presentedCredential(requestWith(headers))?.kind).toBe('invalid');
  });
});
