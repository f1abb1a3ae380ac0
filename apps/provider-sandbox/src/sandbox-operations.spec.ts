import { mail, useSandboxFixture } from '../test/sandbox-fixture';

const fixture = useSandboxFixture();
const { twilioPost, sendGridPost, inspect } = fixture;

describe('operations', () => {
  it('serves health and readiness with no dependencies', async () => {
    const { sandbox } = fixture;
    expect((await fetch(`${sandbox.url}/health`)).status).toBe(200);
    const ready = await fetch(`${sandbox.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: {} });
  });

  it('counts accepted messages by provider and channel', async () => {
    const before = await acceptedCount('twilio', 'mms');
    await twilioPost(
      'To=%2B15551230001&From=%2B15559870000&MediaUrl=https%3A%2F%2Fcdn.test%2Fa.png',
    );
    expect(await acceptedCount('twilio', 'mms')).toBe(before + 1);
  });

  it('logs each accepted message by id only, never addresses or contents', async () => {
    const { sandbox } = fixture;
    await twilioPost('To=%2B15551239999&From=%2B15559870000&Body=secret%20words');
    await sendGridPost({ ...mail, personalizations: [{ to: [{ email: 'private@example.com' }] }] });
    const [sms, email] = await inspect();

    const accepted = sandbox.logs().filter((line) => line.msg === 'message accepted');
    const strip = ({
      level: _l,
      time: _t,
      service: _s,
      msg: _m,
      pid: _p,
      hostname: _h,
      // Every line about a request carries its (random) request id: correlation, not content.
      request_id: _r,
      ...rest
    }: Record<string, unknown>) => rest;
    expect(accepted.slice(-2).every((line) => typeof line.request_id === 'string')).toBe(true);
    expect(accepted.slice(-2).map(strip)).toEqual([
      { provider: 'twilio', channel: 'sms', provider_message_id: sms?.provider_message_id },
      { provider: 'sendgrid', channel: 'email', provider_message_id: email?.provider_message_id },
    ]);
    const everything = JSON.stringify(sandbox.logs());
    for (const secret of ['15551239999', 'secret words', 'private@example.com', 'Hi Ada']) {
      expect(everything).not.toContain(secret);
    }
  });
});

async function acceptedCount(provider: string, channel: string): Promise<number> {
  const { sandbox } = fixture;
  const text = await (await fetch(`${sandbox.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('sandbox_messages_accepted_total{') &&
        l.includes(`provider="${provider}"`) &&
        l.includes(`channel="${channel}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}
