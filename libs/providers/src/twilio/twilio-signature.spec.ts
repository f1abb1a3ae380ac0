import twilio from 'twilio';
import { signTwilioRequest, verifyTwilioSignature } from './twilio-signature';

describe('signTwilioRequest', () => {
  const url = 'https://hooks.example.com/api/v1/webhooks/twilio?message_id=m-1&generation=2';
  it.each([
    ['a status callback', { MessageSid: 'SM1', MessageStatus: 'delivered', To: '+15551230001' }],
    ['no parameters', {}],
    ['names in mixed case and digits', { b: '2', B: '1', a10: 'x', a2: 'y', _z: '' }],
    ['text beyond ASCII', { Body: 'héllo ✓ 😀', From: 'Ünïcode' }],
    [
      'a repeated key',
      { MediaUrl: ['https://cdn.test/b.png', 'https://cdn.test/a.png'], To: '+1' },
    ],
  ])('signs %s as the Twilio SDK does, and its validator accepts it', (_case, params) => {
    const signature = signTwilioRequest('token', url, params);
    const flat = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join('') : v]),
    );
    expect(signature).toBe(twilio.getExpectedTwilioSignature('token', url, flat));
    expect(verifyTwilioSignature('token', signature, url, params)).toBe(true);
    expect(verifyTwilioSignature('other', signature, url, params)).toBe(false);
  });
});
