import { randomBytes } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { loadConfig, natsEnv } from '@switchboard/config';
import { connectNats, type Nats } from './connection';
import { createReplyInbox, ReplyStatusError } from './reply-inbox';

describe('createReplyInbox (real NATS)', () => {
  const subject = `reply_inbox_spec_${randomBytes(4).toString('hex')}`;
  let nats: Nats;
  let server: Nats;

  beforeAll(async () => {
    const url = loadConfig(natsEnv, process.env).NATS_URL;
    nats = await connectNats({ url, name: `${subject}_client` });
    server = await connectNats({ url, name: `${subject}_server` });
    // Answers with the request's own body and its `x-id` header, after `x-delay-ms`.
    server.nc.subscribe(`${subject}.echo`, {
      callback: (_err, msg) => {
        const delayMs = Number(msg.headers?.get('x-delay-ms') || 0);
        const answer = `${msg.headers?.get('x-id') ?? ''}:${msg.string()}`;
        setTimeout(() => msg.respond(new TextEncoder().encode(answer)), delayMs);
      },
    });
    server.nc.subscribe(`${subject}.silent`, { callback: () => undefined });
    await server.nc.flush();
  });
  afterAll(async () => {
    await nats.close();
    await server.close();
  });

  const body = (text: string) => new TextEncoder().encode(text);
  const withHeaders = (values: Record<string, string>) => {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(values)) h.set(key, value);
    return h;
  };

  it('matches each answer to its own request, whatever order they come back in', async () => {
    const inbox = createReplyInbox(nats.nc, nats.inboxPrefix);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        inbox.request(`${subject}.echo`, body(`n${i}`), {
          timeoutMs: 5_000,
          headers: withHeaders({ 'x-id': String(i), 'x-delay-ms': String((50 - i) % 7) }),
        }),
      ),
    );
    expect(answers.map((m) => m.string())).toEqual(
      Array.from({ length: 50 }, (_, i) => `${i}:n${i}`),
    );
    inbox.close();
  });

  it('fails a request nobody serves at once, with the server status', async () => {
    const inbox = createReplyInbox(nats.nc, nats.inboxPrefix);
    const started = Date.now();
    const err = await inbox
      .request(`${subject}.nobody`, body('x'), { timeoutMs: 30_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyStatusError);
    expect(err).toMatchObject({ subject: `${subject}.nobody`, code: 503 });
    // The status, not the 30 s timeout, ended it.
    expect(Date.now() - started).toBeLessThan(20_000);
    inbox.close();
  });

  it('fails a request not answered in time, and drops its late answer', async () => {
    const inbox = createReplyInbox(nats.nc, nats.inboxPrefix);
    await expect(inbox.request(`${subject}.silent`, body('x'), { timeoutMs: 200 })).rejects.toThrow(
      /no answer on .*\.silent within 200 ms/,
    );
    const late = inbox.request(`${subject}.echo`, body('late'), {
      timeoutMs: 100,
      headers: withHeaders({ 'x-delay-ms': '400' }),
    });
    await expect(late).rejects.toThrow(/within 100 ms/);
    // The late answer arrives to nobody; the next request is answered as usual.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await inbox.request(`${subject}.echo`, body('next'), { timeoutMs: 5_000 });
    expect(next.string()).toBe(':next');
    inbox.close();
  });

  it('fails what still waits when it is closed, and what is asked after its connection closed', async () => {
    const inbox = createReplyInbox(nats.nc, nats.inboxPrefix);
    const pending = inbox.request(`${subject}.silent`, body('x'), { timeoutMs: 30_000 });
    inbox.close();
    await expect(pending).rejects.toThrow(/closed/);

    const url = loadConfig(natsEnv, process.env).NATS_URL;
    const gone = await connectNats({ url, name: `${subject}_gone` });
    await gone.close();
    await expect(
      gone.requests.request(`${subject}.echo`, body('x'), { timeoutMs: 1_000 }),
    ).rejects.toThrow(/closed/);
  });
});
