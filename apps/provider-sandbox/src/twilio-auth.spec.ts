import { twilioCredentials } from './twilio-auth';

describe('twilioCredentials', () => {
  const sid = 'ACtest00000000000000000000000000000';
  const valid = twilioCredentials(sid, 'token');
  const encoded = (text: string) => Buffer.from(text).toString('base64');

  it('accepts the account’s own credentials for its own path, however spelt', () => {
    expect(valid(`Basic ${encoded(`${sid}:token`)}`, sid)).toBe(true);
    expect(valid(`basic   ${encoded(`${sid}:token`)}  `, sid)).toBe(true);
  });

  it.each([
    ['no header', undefined, sid],
    ['a wrong token', `Basic ${encoded(`${sid}:other`)}`, sid],
    ['another account', `Basic ${encoded(`ACother:token`)}`, sid],
    ['another account in the path', `Basic ${encoded(`${sid}:token`)}`, 'ACother'],
    ['another scheme', `Bearer ${encoded(`${sid}:token`)}`, sid],
  ])('refuses %s', (_case, header, pathSid) => {
    expect(valid(header, pathSid)).toBe(false);
  });
});
