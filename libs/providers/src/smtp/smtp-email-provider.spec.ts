import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { ProviderError } from '../provider-error';
import {
  classifySmtpReply,
  createSmtpEmailProvider,
  type SmtpEmailProvider,
} from './smtp-email-provider';
import { createSmtpTransport } from './smtp-transport';

/** The reply the stub relay gives to DATA next: accept, or an SMTP code and text. */
let reply: { code: number; message: string } | 'accept';
let received: ParsedMail[];
let server: SMTPServer;
let port: number;
const providers: SmtpEmailProvider[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (auth.username === 'user' && auth.password === 'secret') callback(null, { user: 'user' });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        if (reply === 'accept') {
          received.push(mail);
          callback();
        } else callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
      }, callback);
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const provider of providers) provider.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  reply = 'accept';
  received = [];
});

function provider(password = 'secret'): SmtpEmailProvider {
  const created = createSmtpEmailProvider(
    createSmtpTransport({ host: '127.0.0.1', port, user: 'user', password, timeoutMs: 2_000 }),
  );
  providers.push(created);
  return created;
}

const email = {
  messageId: 'msg_1',
  from: 'noreply@switchboard.test',
  to: 'ada@example.com',
  subject: 'Hello',
  html: '<p>Hi</p>',
  text: 'Hi',
  attachmentUrls: ['https://cdn.test/a.pdf'],
};

async function failure(sender: SmtpEmailProvider): Promise<ProviderError> {
  const err = await sender.send(email).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('createSmtpEmailProvider', () => {
  it('sends with our id header and attachment links, returning the Message-ID', async () => {
    const result = await provider().send(email);
    expect(result).toEqual({
      provider: 'smtp',
      providerMessageId: expect.stringMatching(/^<.+>$/),
      providerStatus: '250',
    });
    const [mail] = received;
    expect(mail?.messageId).toBe(result.providerMessageId);
    expect(mail?.headers.get('x-switchboard-message-id')).toBe('msg_1');
    expect(mail?.subject).toBe('Hello');
    expect(mail?.text).toContain('a.pdf: https://cdn.test/a.pdf');
    expect(mail?.html).toContain('<a href="https://cdn.test/a.pdf">a.pdf</a>');
    expect(mail?.attachments).toEqual([]);
  });

  it('classifies a 4xx reply as retryable and a 5xx reply as permanent', async () => {
    reply = { code: 451, message: '4.3.0 Try again later' };
    expect(await failure(provider())).toMatchObject({
      provider: 'smtp',
      retryable: true,
      details: { code: '451' },
    });
    reply = { code: 550, message: '5.1.1 No such user' };
    expect(await failure(provider())).toMatchObject({ retryable: false, details: { code: '550' } });
  });

  it('classifies refused credentials (535) as permanent', async () => {
    expect(await failure(provider('wrong'))).toMatchObject({
      retryable: false,
      details: { code: '535' },
    });
  });

  it('classifies a refused connection as retryable', async () => {
    const nowhere = createSmtpEmailProvider(
      createSmtpTransport({ host: '127.0.0.1', port: 9, user: 'u', password: 'p', timeoutMs: 500 }),
    );
    providers.push(nowhere);
    const err = await failure(nowhere);
    expect(err.retryable).toBe(true);
  });

  it('refuses to send in clear text when TLS is required and the relay offers no STARTTLS', async () => {
    // The stub relay does not offer STARTTLS: an opportunistic client would send the
    // credentials and the message in clear text.
    const strict = createSmtpEmailProvider(
      createSmtpTransport({
        host: '127.0.0.1',
        port,
        user: 'user',
        password: 'secret',
        timeoutMs: 2_000,
        requireTLS: true,
      }),
    );
    providers.push(strict);
    const err = await failure(strict);
    // The relay, not the message, is at fault: another provider may still send it.
    expect(err.retryable).toBe(true);
    expect(received).toEqual([]);
  });

  it('classifies reply codes by class', () => {
    expect(classifySmtpReply(421)).toBe('retryable');
    expect(classifySmtpReply(452)).toBe('retryable');
    expect(classifySmtpReply(554)).toBe('permanent');
  });
});
