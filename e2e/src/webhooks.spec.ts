import { describeCompatWebhooks } from './webhooks/compat-webhooks.tests';
import { describeSendGridWebhooks } from './webhooks/sendgrid-webhooks.tests';
import { describeTwilioWebhooks } from './webhooks/twilio-webhooks.tests';
import { useWebhooksStack } from './webhooks/webhooks-stack';

describe('webhooks: verified, audited, idempotent, order-proof', () => {
  const suite = useWebhooksStack();
  describeTwilioWebhooks(suite);
  describeSendGridWebhooks(suite);
  describeCompatWebhooks(suite);
});
