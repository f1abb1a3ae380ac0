import type { ConversationResource, MessageResource, Problem } from '@switchboard/contracts';
import { eventually, sandboxMessages } from '@switchboard/testing';
import { SECRETS, rand, type HardeningStack } from './hardening-stack';

/** Bodies at and past the limits, hostile text, private attachment hosts and header injection. */
export function describeInputLimits(suite: HardeningStack): void {
  it('answers a JSON body over 1 MiB with 413 problem+json', async () => {
    const { send } = suite;
    const res = await send(
      JSON.stringify({
        from: SECRETS.ourNumber,
        to: '+15550109999',
        body: 'x'.repeat(1024 * 1024),
      }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('accepts an email body of 128 KiB of "<" at once, reads stay fast and the provider gets it', async () => {
    const { stack, tenant, send } = suite;
    // Once answered 503 after 5 s: backtracking regular expressions in the preview, the
    // plain-text alternative and the log redaction stalled the services for seconds.
    const to = `hostile-${rand()}@customer-sec.example.com`;
    const body = '<'.repeat(128 * 1024);
    const timed = async <T>(call: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const result = await call();
      return [result, performance.now() - started];
    };

    const [sent, sendMs] = await timed(() =>
      send(JSON.stringify({ from: SECRETS.ourEmail, to, subject: 'Angles', body })),
    );
    expect(sent.status).toBe(201);
    const message = sent.body as MessageResource;
    const [read, readMs] = await timed(() =>
      tenant.call<MessageResource>('GET', `/api/v1/messages/${message.id}`),
    );
    expect(read.status).toBe(200);
    expect(read.body.body).toBe(body);
    const [listed, listMs] = await timed(() =>
      tenant.call<{ data: ConversationResource[] }>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(to)}`,
      ),
    );
    expect(listed.body.data.map((c) => c.last_message_preview)).toEqual(['<'.repeat(120)]);
    // Generous for a loaded machine; a stalled service takes seconds.
    const slow = Object.entries({ send: sendMs, read: readMs, list: listMs }).filter(
      ([, ms]) => ms >= 1_500,
    );
    expect(slow).toEqual([]);

    const [received] = await eventually(
      () => sandboxMessages(stack.url('provider-sandbox'), { to }),
      (records) => records.length === 1,
      { what: 'the email at the provider' },
    );
    expect(received!.html).toBe(body);
    expect(received!.body.startsWith('<<<<')).toBe(true);
  });

  it.each([
    ['https://127.0.0.1/x.jpg', 201],
    ['https://2130706433/x.jpg', 201], // the same host as 127.0.0.1, however it is spelled
    ['https://0x7f000002/x.jpg', 400],
    ['https://169.254.169.254/latest/meta-data/', 400],
    ['https://[::ffff:10.0.0.1]/x.jpg', 400],
    ['https://metadata.google.internal/x', 400],
    ['https://localhost/x.jpg', 400],
    ['http://example.com/x.jpg', 400],
    ['https://example.com/x.jpg', 201],
  ])('attachment %s → %i (127.0.0.1 is allow-listed for this stack)', async (url, status) => {
    const { send } = suite;
    const res = await send(
      JSON.stringify({
        from: SECRETS.ourNumber,
        to: '+15550107777',
        body: 'pic',
        attachments: [url],
      }),
    );
    expect(res.status).toBe(status);
    if (status === 400) {
      expect((res.body as Problem).errors?.map((e) => e.field)).toEqual(['attachments.0']);
    }
  });

  it('refuses mail header injection in the subject, the addresses and names', async () => {
    const { send } = suite;
    for (const body of [
      { subject: 'Hi\r\nBcc: victim@example.com' },
      { subject: 'Hi\u0000there' },
      { to: 'jane@example.com\r\nBcc: victim@example.com' },
      { to: 'Jane <jane@example.com>' },
      { from: '"Evil\r\nBcc: x@example.com" <a@example.com>' },
    ]) {
      const res = await send(
        JSON.stringify({ from: SECRETS.ourEmail, to: 'jane@example.com', body: 'x', ...body }),
      );
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
  });
}
