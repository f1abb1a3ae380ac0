import { TWILIO_MESSAGE_STATUSES } from '@switchboard/contracts';
import { TwilioWebhookForm } from './webhook-docs';

describe('the documented Twilio webhook', () => {
  it('lists exactly the statuses webhook-ingest reads, from the contracts', () => {
    expect(TwilioWebhookForm.shape.MessageStatus.unwrap().options).toEqual([
      ...TWILIO_MESSAGE_STATUSES,
    ]);
  });
});
