import { mail, useSandboxFixture } from '../test/sandbox-fixture';

const fixture = useSandboxFixture();
const { twilioPost, sendGridPost, inspect } = fixture;

describe('inspection API', () => {
  beforeEach(async () => {
    await twilioPost('To=%2B15551230001&From=%2B15559870000&Body=one');
    await sendGridPost(mail);
    await twilioPost('To=%2B15551230002&From=%2B15559870000&Body=two');
  });

  it('lists everything oldest first', async () => {
    expect((await inspect()).map((m) => m.to)).toEqual([
      '+15551230001',
      'ada@example.com',
      '+15551230002',
    ]);
  });

  it('filters by exact recipient, reading an unencoded + as typed', async () => {
    expect((await inspect('?to=%2B15551230002')).map((m) => m.body)).toEqual(['two']);
    expect((await inspect('?to=+15551230002')).map((m) => m.body)).toEqual(['two']);
    expect(await inspect('?to=%2B1555123000')).toEqual([]);
    expect((await inspect('?to=ada%40example.com')).map((m) => m.provider)).toEqual(['sendgrid']);
  });

  it('filters by provider and rejects an unknown one as problem+json', async () => {
    const { sandbox } = fixture;
    expect((await inspect('?provider=twilio')).map((m) => m.body)).toEqual(['one', 'two']);
    const res = await fetch(`${sandbox.url}/sandbox/messages?provider=vonage`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('clears on DELETE', async () => {
    const { sandbox } = fixture;
    const res = await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await inspect()).toEqual([]);
  });
});
