import { mail, useSandboxFixture } from '../test/sandbox-fixture';

const fixture = useSandboxFixture();
const { twilioPost, sendGridPost, inspect } = fixture;

describe('recipient-scoped faults', () => {
  afterEach(async () => {
    const { sandbox } = fixture;
    await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  });

  const setFault = async (request: Record<string, unknown>) => {
    const { sandbox } = fixture;
    const res = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(res.status).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const sms = (to: string) =>
    twilioPost(new URLSearchParams({ From: '+15551234567', To: to, Body: 'Hi' }).toString());

  it('hits only the named recipient, only as many times as asked, then clears itself', async () => {
    const { sandbox } = fixture;
    const overview = await setFault({
      provider: 'twilio',
      mode: 'error',
      status: 503,
      to: '+15550001111',
      times: 1,
    });
    expect(overview['recipients']).toEqual([
      { provider: 'twilio', to: '+15550001111', mode: 'error', rate: 1, status: 503, remaining: 1 },
    ]);

    expect((await sms('+15550002222')).status).toBe(201);
    expect((await sms('+15550001111')).status).toBe(503);
    expect((await sms('+15550001111')).status).toBe(201);
    expect((await inspect()).map((m) => m.to)).toEqual(['+15550002222', '+15550001111']);
    const after = (await (await fetch(`${sandbox.url}/sandbox/faults`)).json()) as {
      recipients: unknown[];
    };
    expect(after.recipients).toEqual([]);
  });

  it('matches an email recipient of SendGrid whatever its case', async () => {
    await setFault({ provider: '*', mode: 'error', status: 500, to: 'ADA@example.com' });
    expect((await sendGridPost(mail)).status).toBe(500);
    const other = { ...mail, personalizations: [{ to: [{ email: 'grace@example.com' }] }] };
    expect((await sendGridPost(other)).status).toBe(202);
    expect((await inspect()).map((m) => m.to)).toEqual(['grace@example.com']);
  });
});
