import type {
  ConversationPage,
  MessagePage,
  MessageResource,
  Problem,
} from '@switchboard/contracts';
import {
  eventually,
  startStack,
  type Stack,
  sandboxMessages,
  type SandboxRecord,
} from '@switchboard/testing';
import { api, type ApiResponse } from './api-client';

/** What provider-sandbox recorded for one message (the fields these tests read). */
/** Outcomes at or past `sent`: a status callback may already have moved the message on. */
const SENT_OR_LATER = ['sent', 'delivered', 'read'];

// The compatible API's own example payloads, exactly. Their numbers and addresses are fixed, so
// the database keeps their conversations from run to run: assertions go by message id.
const SMS = {
  from: '+12016661234',
  to: '+18045551234',
  type: 'sms',
  body: 'text message',
  attachments: null,
  timestamp: '2024-11-01T14:00:00Z',
};
const MMS = { ...SMS, type: 'mms', attachments: ['https://example.com/image.jpg'] };
const EMAIL = {
  from: 'user@usehatchapp.com',
  to: 'contact@gmail.com',
  body: '<b>HTML</b> allowed',
  attachments: ['https://example.com/a.pdf'],
  timestamp: '2024-11-01T14:00:00Z',
};

describe('the compatible API, as its users call it', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  const created: Record<'sms' | 'mms' | 'email', MessageResource | undefined> = {
    sms: undefined,
    mms: undefined,
    email: undefined,
  };

  beforeAll(async () => {
    stack = await startStack();
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Waits until the message is sent, then returns what the provider received for it. */
  async function providerRecordOf(id: string): Promise<SandboxRecord> {
    const sent = await eventually(
      async () => (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body,
      (m) => SENT_OR_LATER.includes(m.status),
      { what: `message ${id} sent` },
    );
    const records = await sandboxMessages(sandbox, { to: sent.to });
    const mine = records.filter((r) => r.provider_message_id === sent.provider_message_id);
    expect(mine).toHaveLength(1);
    return mine[0]!;
  }

  /** Waits until the message failed for its attachment, naming it. */
  const rejectedAttachment = (id: string) =>
    eventually(
      async () => (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body,
      (m) => m.status === 'failed' && m.error_code === 'attachment_rejected',
      { what: `message ${id} failed for its attachment` },
    ).then((m) => {
      expect(m.error_message).toMatch(/^attachments\.0: /);
      return m;
    });

  it('POST /api/messages/sms sends an SMS', async () => {
    const res = await api<MessageResource>(gateway, 'POST', '/api/messages/sms', SMS);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'sms',
      direction: 'outbound',
      from: SMS.from,
      to: SMS.to,
      body: SMS.body,
      attachments: [],
      timestamp: SMS.timestamp,
      status: 'queued',
    });
    created.sms = res.body;
    expect(await providerRecordOf(res.body.id)).toMatchObject({
      channel: 'sms',
      from: SMS.from,
      to: SMS.to,
      body: SMS.body,
      media: [],
    });
  });

  it('POST /api/messages/sms with type mms accepts an MMS; its example URL serves no image, so nothing goes out', async () => {
    const res = await api<MessageResource>(gateway, 'POST', '/api/messages/sms', MMS);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'mms',
      from: MMS.from,
      to: MMS.to,
      attachments: MMS.attachments,
      timestamp: MMS.timestamp,
    });
    created.mms = res.body;
    expect(created.mms.conversation_id).toBe(created.sms?.conversation_id);
    // Attachment URLs are fetched and scanned before any provider sees them: example.com has no
    // image there (and is not even reachable from a test machine without DNS).
    expect(await rejectedAttachment(res.body.id)).toMatchObject({ status: 'failed' });
    const records = await sandboxMessages(sandbox, { to: MMS.to });
    expect(records.filter((r) => r.channel === 'mms')).toEqual([]);
  });

  it('POST /api/messages/email accepts an HTML email and stores it as given', async () => {
    const res = await api<MessageResource>(gateway, 'POST', '/api/messages/email', EMAIL);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'email',
      from: EMAIL.from,
      to: EMAIL.to,
      body: EMAIL.body,
      attachments: EMAIL.attachments,
      timestamp: EMAIL.timestamp,
    });
    created.email = res.body;
  });

  it('POST /api/messages/email: the example attachment URL serves no PDF, so the email fails and nothing goes out', async () => {
    const settled = await rejectedAttachment(created.email!.id);
    expect(settled).toMatchObject({ status: 'failed', error_message: expect.any(String) });
    expect(await sandboxMessages(sandbox, { to: EMAIL.to })).toEqual([]);
  });

  it('GET /api/conversations lists both conversations, the latest activity first', async () => {
    const res = await api<ConversationPage>(gateway, 'GET', '/api/conversations');

    expect(res.status).toBe(200);
    const ids = res.body.data.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([created.email!.conversation_id, created.sms!.conversation_id]),
    );
    expect(ids.indexOf(created.email!.conversation_id)).toBeLessThan(
      ids.indexOf(created.sms!.conversation_id),
    );
    const phone = res.body.data.find((c) => c.id === created.sms!.conversation_id)!;
    expect(phone).toMatchObject({
      channel: 'phone',
      participants: [SMS.from, SMS.to].sort(),
      last_message_preview: MMS.body,
      last_message_at: created.mms!.created_at,
    });
    const email = res.body.data.find((c) => c.id === created.email!.conversation_id)!;
    expect(email).toMatchObject({
      channel: 'email',
      participants: [EMAIL.from, EMAIL.to].sort(),
      last_message_preview: 'HTML allowed',
    });
  });

  it('GET /api/conversations/{id}/messages lists them oldest first, with the id from the listing', async () => {
    const listing = await api<ConversationPage>(gateway, 'GET', '/api/conversations');
    const phone = listing.body.data.find((c) => c.participants.includes(SMS.to))!;

    // Earlier runs left older messages in this conversation: read to the last page.
    const messages: MessageResource[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      const page: ApiResponse<MessagePage> = await api<MessagePage>(
        gateway,
        'GET',
        `/api/conversations/${phone.id}/messages${query}`,
      );
      expect(page.status).toBe(200);
      messages.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);

    expect(messages).toHaveLength(phone.message_count);
    expect(messages.slice(-2).map((m) => m.id)).toEqual([created.sms!.id, created.mms!.id]);
    const times = messages.map((m) => m.created_at);
    expect([...times].sort()).toEqual(times);
  });

  it('refuses bad input with problem+json, as the v1 API does', async () => {
    const res = await api<Problem>(gateway, 'POST', '/api/messages/sms', {
      ...SMS,
      to: 'contact@gmail.com',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors?.map((e) => e.field)).toContain('to');
  });

  it('redirects an email posted to /api/messages/sms to /api/messages/email', async () => {
    const res = await fetch(`${gateway}/api/messages/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...EMAIL, type: 'email' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/api/messages/email');

    // A client that follows it (fetch repeats the POST and its body on a 307) gets the email sent.
    const followed = await api<MessageResource>(gateway, 'POST', '/api/messages/sms', {
      ...EMAIL,
      type: 'email',
    });
    expect(followed.status).toBe(201);
    expect(followed.body).toMatchObject({ type: 'email', to: EMAIL.to });
  });
});
