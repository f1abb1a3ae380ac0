import { SignJWT } from 'jose';
import type { MessageResource } from '@switchboard/contracts';
import { APP_NAMES, eventually } from '@switchboard/testing';
import { request } from '../api-client';
import { JWT_SECRET, SECRETS, SECRET_KEY, type HardeningStack } from './hardening-stack';

/** After everything the suites did, at trace level: no log holds personal data or a credential. */
export function describeLogsWithoutPii(suite: HardeningStack): void {
  it('keeps phone numbers, addresses, bodies, attachments, keys and tokens out of every log', async () => {
    const { stack, gateway, database, tenant, before } = suite;
    // The rest of the story at trace level: delivery callbacks, an inbound reply, error paths.
    await Promise.all(
      before.map((m) =>
        eventually(
          async () =>
            (await tenant.call<MessageResource>('GET', `/api/v1/messages/${m.id}`)).body.status,
          (status) => ['sent', 'delivered'].includes(status),
          { what: `message ${m.type} sent` },
        ),
      ),
    );
    await request(stack.url('provider-sandbox'), 'POST', '/sandbox/inbound', {
      body: {
        channel: 'sms',
        from: SECRETS.customerNumber,
        to: SECRETS.ourNumber,
        body: SECRETS.inboundBody,
      },
    });
    await eventually(
      async () =>
        (
          await tenant.call<{ data: MessageResource[] }>(
            'GET',
            '/api/v1/messages?direction=inbound',
          )
        ).body.data,
      (data) => data.some((m) => m.body === SECRETS.inboundBody),
      { what: 'the inbound reply' },
    );
    const jwt = await new SignJWT({ tenant_id: tenant.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    await request(gateway, 'GET', '/api/v1/messages', {
      headers: { authorization: `Bearer ${jwt}` },
    });
    await request(gateway, 'GET', '/api/v1/messages', {
      headers: { 'x-api-key': `${tenant.key}x` },
    });
    await request(gateway, 'POST', '/api/v1/webhooks/twilio', {
      body: new URLSearchParams({
        From: SECRETS.customerNumber,
        To: SECRETS.ourNumber,
        Body: SECRETS.inboundBody,
      }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'forged-signature-value',
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const logs = APP_NAMES.map((app) => stack.apps[app].output()).join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    const national = (e164: string) => e164.slice(2);
    const forbidden = [
      SECRETS.ourNumber,
      SECRETS.customerNumber,
      national(SECRETS.ourNumber),
      national(SECRETS.customerNumber),
      SECRETS.ourEmail,
      SECRETS.customerEmail,
      SECRETS.customerEmail.split('@')[0]!,
      SECRETS.smsBody,
      SECRETS.mmsBody,
      SECRETS.emailBody,
      SECRETS.emailSubject,
      SECRETS.inboundBody,
      SECRETS.attachment,
      tenant.key,
      tenant.key.split('_').slice(3).join('_'),
      jwt,
      SECRET_KEY,
      JWT_SECRET,
      'forged-signature-value',
    ];
    for (const value of forbidden) {
      expect([value, logs.includes(value)]).toEqual([value, false]);
    }
    // The run was really logged, at trace level, by every service.
    for (const app of APP_NAMES)
      expect([app, stack.apps[app].output().length > 0]).toEqual([app, true]);

    const audit = await database.db
      .selectFrom('webhook_logs')
      .select('headers')
      .where('received_at', '>', new Date(Date.now() - 5 * 60_000))
      .execute();
    const auditHeaders = JSON.stringify(audit);
    expect(auditHeaders).not.toContain('forged-signature-value');
    expect(auditHeaders).toContain('[masked:');
  });
}
