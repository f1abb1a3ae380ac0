import type { MessageEventList, MessageResource, Problem } from '@switchboard/contracts';
import { eventually, startStack, type Stack, sandboxMessages } from '@switchboard/testing';
import { api, uniqueEmail, uniquePhone, uniquePng, uploadMedia } from './api-client';

/** What provider-sandbox recorded for one message (the fields these tests read). */
const FROM_NUMBER = '+15551234567';
/** Outcomes at or past `sent`: a status callback may already have moved the message on. */
const SENT_OR_LATER = ['sent', 'delivered', 'read'];

describe('sending on every channel through POST /api/v1/messages/send', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    stack = await startStack();
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const send = (body: unknown) =>
    api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', body);

  const sandboxRecordsTo = (to: string) => sandboxMessages(sandbox, { to });

  /** Waits until the message is sent, then returns it with what the provider received. */
  async function sentWithRecord(id: string) {
    const message = await eventually(
      async () => (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body,
      (m) => SENT_OR_LATER.includes(m.status),
      { what: `message ${id} sent` },
    );
    const records = await sandboxRecordsTo(message.to);
    expect(records).toHaveLength(1);
    expect(records[0]!.provider_message_id).toBe(message.provider_message_id);
    const events = await api<MessageEventList>(gateway, 'GET', `/api/v1/messages/${id}/events`);
    expect(events.body.data.map((e) => e.status).slice(0, 3)).toEqual([
      'queued',
      'sending',
      'sent',
    ]);
    return { message, record: records[0]! };
  }

  describe('channels', () => {
    it('sends an SMS and follows it to sent', async () => {
      const to = uniquePhone();
      const accepted = await send({ from: FROM_NUMBER, to, type: 'sms', body: 'Hello there' });

      expect(accepted.status).toBe(201);
      expect(accepted.headers.get('location')).toBe(`/api/v1/messages/${accepted.body.id}`);
      expect(accepted.body).toMatchObject({
        type: 'sms',
        direction: 'outbound',
        status: 'queued',
        from: FROM_NUMBER,
        to,
        subject: null,
        attachments: [],
      });

      const { message, record } = await sentWithRecord(accepted.body.id);
      expect(message.provider_message_id).toMatch(/\S/);
      expect(record).toMatchObject({ channel: 'sms', from: FROM_NUMBER, to, body: 'Hello there' });
      expect(record.media).toEqual([]);
    });

    it('sends an MMS, inferring the type from attachments, with its media at the provider', async () => {
      const to = uniquePhone();
      const uploads = [await uploadMedia(gateway, uniquePng(), 'image/png')];
      uploads.push(await uploadMedia(gateway, uniquePng(), 'image/png'));
      const attachments = uploads.map((u) => u.body.id);
      const accepted = await send({ from: FROM_NUMBER, to, body: 'Two photos', attachments });

      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ type: 'mms', attachments, status: 'queued' });

      const { record } = await sentWithRecord(accepted.body.id);
      expect(record).toMatchObject({ channel: 'mms', to, body: 'Two photos' });
      // Signed URLs of ours, which the provider fetched: the very bytes uploaded.
      expect(record.media.map((url) => new URL(url).pathname)).toEqual(
        attachments.map((id) => `/api/v1/media/${id}/content`),
      );
      expect(record.media_files?.map((f) => f.sha256)).toEqual(uploads.map((u) => u.body.sha256));
    });

    it('sends an HTML email, inferring the type from the addresses, with a plain-text body', async () => {
      const to = uniqueEmail('Reader');
      const html = '<p>Your order <b>A-1001</b> has shipped</p>';
      const accepted = await send({
        from: 'Team@Switchboard.test',
        to,
        subject: 'Shipped',
        body: html,
      });

      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({
        type: 'email',
        from: 'team@switchboard.test',
        to: to.toLowerCase(),
        subject: 'Shipped',
        body: html,
        encoding: null,
        segments: null,
      });

      const { record } = await sentWithRecord(accepted.body.id);
      expect(record).toMatchObject({
        channel: 'email',
        from: 'team@switchboard.test',
        subject: 'Shipped',
        html,
        body: 'Your order A-1001 has shipped',
      });
    });
  });

  describe('what the answer tells', () => {
    it('counts a 161-character GSM-7 body as 2 segments', async () => {
      const res = await send({ from: FROM_NUMBER, to: uniquePhone(), body: 'a'.repeat(161) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ encoding: 'GSM-7', segments: 2 });

      const single = await send({ from: FROM_NUMBER, to: uniquePhone(), body: 'a'.repeat(160) });
      expect(single.body).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    });

    it('encodes a body with an emoji as UCS-2', async () => {
      const res = await send({ from: FROM_NUMBER, to: uniquePhone(), body: 'See you soon 👋' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ encoding: 'UCS-2', segments: 1 });

      const long = await send({ from: FROM_NUMBER, to: uniquePhone(), body: '👋'.repeat(36) });
      expect(long.body).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    });

    it('echoes metadata and stores the client timestamp exactly as given', async () => {
      const metadata = { order_id: 'A-1001', tags: ['vip'], nested: { attempt: 2 } };
      const timestamp = '2024-11-01T09:00:00.5-05:00';
      const accepted = await send({
        from: FROM_NUMBER,
        to: uniquePhone(),
        body: 'With metadata',
        metadata,
        timestamp,
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ metadata, timestamp });

      const read = await api<MessageResource>(
        gateway,
        'GET',
        `/api/v1/messages/${accepted.body.id}`,
      );
      expect(read.body).toMatchObject({ metadata, timestamp });
    });
  });

  describe('refusals: 400 problem+json naming the field, and nothing sent', () => {
    const longBody = 'a'.repeat(1601);
    const elevenAttachments = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.jpg`);

    it.each([
      [
        'an unknown type',
        (to: string) => ({ from: FROM_NUMBER, to, type: 'fax', body: 'x' }),
        'type',
      ],
      [
        'a phone number to an email address',
        () => ({ from: FROM_NUMBER, to: uniqueEmail('mixed'), body: 'x' }),
        'to',
      ],
      [
        'an SMS body of 1601 characters',
        (to: string) => ({ from: FROM_NUMBER, to, body: longBody }),
        'body',
      ],
      [
        '11 MMS attachments',
        (to: string) => ({
          from: FROM_NUMBER,
          to,
          type: 'mms',
          body: 'x',
          attachments: elevenAttachments,
        }),
        'attachments',
      ],
      [
        'an attachment that is not https',
        (to: string) => ({
          from: FROM_NUMBER,
          to,
          body: 'x',
          attachments: ['http://example.com/a.jpg'],
        }),
        'attachments.0',
      ],
      [
        'an email subject with a line break',
        () => ({
          from: 'team@switchboard.test',
          to: uniqueEmail('crlf'),
          subject: 'Hi\r\nBcc: x@evil.test',
          body: 'x',
        }),
        'subject',
      ],
    ])('refuses %s', async (_what, build, field) => {
      const request = build(uniquePhone());
      const res = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', request);

      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, title: 'Validation failed' });
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
      expect(await sandboxRecordsTo(String(request.to).toLowerCase())).toEqual([]);
    });

    it('refuses an unknown field (the schema is strict)', async () => {
      const to = uniquePhone();
      const res = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', {
        from: FROM_NUMBER,
        to,
        body: 'x',
        colour: 'blue',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors?.map((e) => e.message).join(' ')).toContain('colour');
      expect(await sandboxRecordsTo(to)).toEqual([]);
    });

    it('names the unknown field in `errors[].field`', async () => {
      const res = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', {
        from: FROM_NUMBER,
        to: uniquePhone(),
        body: 'x',
        colour: 'blue',
      });
      expect(res.body.errors?.map((e) => e.field)).toEqual(['colour']);
    });

    it('refuses malformed JSON', async () => {
      const res = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', '{"from": "+1555",');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const res = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', {
        from: FROM_NUMBER,
        to: uniquePhone(),
        body: 'a'.repeat(1024 * 1024 + 1),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
    });
  });
});
