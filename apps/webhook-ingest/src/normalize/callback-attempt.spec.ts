import { randomUUID } from 'node:crypto';
import {
  SENDGRID_GENERATION_ARG,
  SENDGRID_MESSAGE_ID_ARG,
  statusCallbackFor,
} from '@switchboard/providers';
import { normalizeSendGridEvents } from './sendgrid-events.normalizer';
import { normalizeTwilio } from './twilio.normalizer';
import { parseForm } from '../routes/twilio.routes';

const now = new Date('2026-01-01T00:00:00Z');
const delivered = {
  MessageSid: 'SM1',
  MessageStatus: 'delivered',
  From: '+15551234567',
  To: '+15557654321',
};

describe('status callbacks name the attempt they belong to', () => {
  it('takes the message id and generation from the query of the Twilio callback URL', () => {
    const id = randomUUID();
    const url = new URL(statusCallbackFor('https://hooks.example/api/v1/webhooks/twilio', id, 3));
    const [event] = normalizeTwilio(delivered, now, 'US', parseForm(url.search.slice(1))).statuses;
    expect(event).toMatchObject({ message_id: id, generation: 3, provider_message_id: 'SM1' });
  });

  it('leaves a Twilio callback without them (or with malformed ones) to be matched by its id', () => {
    for (const query of [
      {},
      { message_id: 'not-a-uuid', generation: '-1' },
      { generation: '1e3' },
    ]) {
      const [event] = normalizeTwilio(delivered, now, 'US', query).statuses;
      expect(event).toMatchObject({ message_id: null, generation: null });
    }
  });

  it('takes the generation of a SendGrid event from its custom args', () => {
    const id = randomUUID();
    const event = (args: Record<string, unknown>) => ({
      event: 'delivered',
      sg_event_id: randomUUID(),
      sg_message_id: 'abc.filter',
      [SENDGRID_MESSAGE_ID_ARG]: id,
      ...args,
    });
    const { statuses } = normalizeSendGridEvents(
      [
        event({ [SENDGRID_GENERATION_ARG]: '2' }),
        event({}),
        event({ [SENDGRID_GENERATION_ARG]: 2 }),
      ],
      now,
    );
    expect(statuses.map((s) => [s.message_id, s.generation])).toEqual([
      [id, 2],
      [id, null],
      [id, null],
    ]);
  });
});
