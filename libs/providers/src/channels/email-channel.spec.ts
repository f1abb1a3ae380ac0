import { randomUUID } from 'node:crypto';
import type { DispatchCommand } from '@switchboard/contracts';
import type { EmailProvider, OutboundEmail } from '../provider';
import { emailChannelSender, subjectFor } from './email-channel';

describe('subjectFor', () => {
  it('keeps a given subject', () => {
    expect(subjectFor('  Your receipt ', 'Body')).toBe('Your receipt');
  });

  it('derives one from the first line of text when there is none', () => {
    expect(subjectFor(null, '\n\nHello there\nSecond line')).toBe('Hello there');
    expect(subjectFor('', 'Only line')).toBe('Only line');
  });

  it('keeps a derived subject within 78 characters without splitting a character', () => {
    const subject = subjectFor(null, `${'a'.repeat(76)}😀😀😀`);
    expect(Array.from(subject)).toHaveLength(78);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('falls back to "(no subject)" for an empty body', () => {
    expect(subjectFor(null, '   ')).toBe('(no subject)');
  });
});

/** An email provider that records what it is asked to send (vendors have specs of their own). */
function recordingProvider(): EmailProvider & { sent: OutboundEmail[]; closed: number } {
  const provider = {
    name: 'recording',
    sent: [] as OutboundEmail[],
    closed: 0,
    async send(message: OutboundEmail) {
      provider.sent.push(message);
      return { provider: 'recording', providerMessageId: `rec-${provider.sent.length}` };
    },
    close() {
      provider.closed += 1;
    },
  };
  return provider;
}

const email = (overrides: Partial<DispatchCommand> = {}): DispatchCommand => ({
  message_id: randomUUID(),
  tenant_id: 'tenant-email-channel-spec',
  conversation_id: randomUUID(),
  category: 'marketing',
  type: 'email',
  from: 'noreply@switchboard.test',
  to: 'ada@example.com',
  subject: null,
  body: '<p>Your receipt</p><p>Thanks!</p>',
  attachments: ['https://cdn.test/receipt.pdf'],
  accepted_at: new Date().toISOString(),
  sequence: 1,
  generation: 2,
  ...overrides,
});

describe('emailChannelSender', () => {
  it('sends the HTML with a plain-text alternative, a subject, attachments and the attempt', async () => {
    const provider = recordingProvider();
    const sender = emailChannelSender(provider);
    const command = email();

    expect(await sender.send(command)).toEqual({
      provider: 'recording',
      providerMessageId: 'rec-1',
    });
    expect(provider.sent).toEqual([
      {
        messageId: command.message_id,
        from: command.from,
        to: command.to,
        subject: 'Your receipt',
        html: command.body,
        text: expect.stringContaining('Thanks!'),
        attachmentUrls: command.attachments,
        generation: 2,
      },
    ]);
  });

  it('gives marketing mail its unsubscribe links, and transactional mail none', async () => {
    const provider = recordingProvider();
    const links = (m: { tenant_id: string; to: string }) => ({
      url: `https://api.test/u/${m.tenant_id}/${m.to}`,
      mailto: `mailto:u@api.test?subject=${m.to}`,
    });
    const sender = emailChannelSender(provider, { unsubscribeLinks: links });
    const marketing = email({ category: 'marketing' });
    await sender.send(marketing);
    await sender.send(email({ category: 'transactional' }));
    expect(provider.sent[0]!.listUnsubscribe).toEqual(links(marketing));
    expect(provider.sent[1]).not.toHaveProperty('listUnsubscribe');
  });

  it('treats anything else a provider throws as retryable, and closes the provider', async () => {
    const provider = recordingProvider();
    const sender = emailChannelSender(provider);
    expect(sender.classify(new Error('socket hang up'))).toMatchObject({
      provider: 'recording',
      retryable: true,
      code: null,
    });
    await sender.close?.();
    expect(provider.closed).toBe(1);
  });
});
