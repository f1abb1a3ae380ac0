import type {
  ConversationPage,
  ConversationResource,
  MessageEventList,
  MessagePage,
  MessageResource,
  SearchConversationsRequest,
  SearchResult,
  SendMessageRequest,
} from '@switchboard/contracts';
import type { z } from 'zod';
import type { CompatEmailBody } from '../routes/compat-messages.routes';

/*
 * Request and response examples for the API reference. They tell one story (one SMS, one MMS and
 * one email between the same people) and are typed against the contracts, so a renamed field
 * breaks the build; openapi-examples.spec.ts also validates each one against the schema it
 * illustrates.
 */

const SMS_ID = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';
const MMS_ID = '0192f0c4-80b2-7c4d-8e5f-6a7b8c9d0e1f';
const EMAIL_ID = '0192f0c4-8d3e-7f60-a1b2-c3d4e5f60718';
const VOICE_ID = '0192f0c4-9a10-7c21-b3d4-e5f607182930';
const VOICEMAIL_ID = '0192f0c4-9b20-7d32-a4e5-f60718293a4b';
const PHONE_CONVERSATION_ID = '0192f0c4-7d00-7a11-8b22-3c4d5e6f7a8b';
const EMAIL_CONVERSATION_ID = '0192f0c4-8c00-7b22-9c33-4d5e6f708192';
const ACCEPTED_AT = '2024-11-01T14:00:00.123Z';
const SENT_AT = '2024-11-01T14:00:00.412Z';

export const ExampleIds = {
  message: SMS_ID,
  conversation: PHONE_CONVERSATION_ID,
  malformed: 'not-a-uuid',
} as const;

export type SendExample = z.input<typeof SendMessageRequest>;

export const sendRequests = {
  sms: {
    from: '+15551234567',
    to: '+1 (555) 987-6543',
    type: 'sms',
    body: 'Your order has shipped',
  },
  mms: {
    from: '+15551234567',
    to: '+15559876543',
    body: 'Here is your receipt',
    attachments: ['https://example.com/receipt.jpg'],
  },
  email: {
    from: 'team@example.com',
    to: 'Jane@Example.com',
    subject: 'Welcome',
    body: '<p>Welcome to <b>Acme</b></p>',
    metadata: { customer_id: 'c_42' },
    timestamp: '2024-11-01T14:00:00Z',
  },
  voice: {
    from: '+15551234567',
    to: '+15559876543',
    type: 'voice',
    body: 'Your table at Acme is ready',
    voice: { language: 'en-US', voice: 'alice' },
  },
  voicemail: {
    from: '+15551234567',
    to: '+15559876543',
    type: 'voicemail',
    body: 'Hi, this is Acme: your order is ready for pickup',
    voice: { on_human: 'hangup' },
  },
} satisfies Record<string, SendExample>;

const queuedSms: MessageResource = {
  id: SMS_ID,
  conversation_id: PHONE_CONVERSATION_ID,
  direction: 'outbound',
  type: 'sms',
  from: '+15551234567',
  to: '+15559876543',
  subject: null,
  body: 'Your order has shipped',
  attachments: [],
  metadata: null,
  category: 'marketing',
  status: 'queued',
  provider: null,
  provider_message_id: null,
  encoding: 'GSM-7',
  segments: 1,
  error_code: null,
  error_message: null,
  voice: null,
  answered_by: null,
  duration_seconds: null,
  timestamp: null,
  created_at: ACCEPTED_AT,
  updated_at: ACCEPTED_AT,
};

const sent = (message: MessageResource, provider: string, providerId: string): MessageResource => ({
  ...message,
  status: 'sent',
  provider,
  provider_message_id: providerId,
  updated_at: SENT_AT,
});

export const messages = {
  queuedSms,
  queuedMms: {
    ...queuedSms,
    id: MMS_ID,
    type: 'mms',
    body: 'Here is your receipt',
    attachments: ['https://example.com/receipt.jpg'],
  },
  queuedEmail: {
    ...queuedSms,
    id: EMAIL_ID,
    conversation_id: EMAIL_CONVERSATION_ID,
    type: 'email',
    from: 'team@example.com',
    to: 'jane@example.com',
    subject: 'Welcome',
    body: '<p>Welcome to <b>Acme</b></p>',
    metadata: { customer_id: 'c_42' },
    encoding: null,
    segments: null,
    timestamp: '2024-11-01T14:00:00Z',
  },
  queuedVoice: {
    ...queuedSms,
    id: VOICE_ID,
    type: 'voice',
    body: 'Your table at Acme is ready',
    encoding: null,
    segments: null,
    voice: { language: 'en-US', voice: 'alice', on_human: 'play' },
  },
  queuedVoicemail: {
    ...queuedSms,
    id: VOICEMAIL_ID,
    type: 'voicemail',
    body: 'Hi, this is Acme: your order is ready for pickup',
    encoding: null,
    segments: null,
    voice: { on_human: 'hangup' },
  },
  sentSms: sent(queuedSms, 'twilio', 'SM0123456789abcdef0123456789abcdef'),
} satisfies Record<string, MessageResource>;

export const compatRequests = {
  sms: {
    from: '+12016661234',
    to: '+18045551234',
    type: 'sms',
    body: 'text message',
    attachments: null,
    timestamp: '2024-11-01T14:00:00Z',
  },
  mms: {
    from: '+12016661234',
    to: '+18045551234',
    type: 'mms',
    body: 'text message',
    attachments: ['https://example.com/image.jpg'],
    timestamp: '2024-11-01T14:00:00Z',
  },
  email: {
    from: 'user@usehatchapp.com',
    to: 'contact@gmail.com',
    body: '<b>HTML</b> allowed',
    attachments: ['https://example.com/a.pdf'],
    timestamp: '2024-11-01T14:00:00Z',
  },
  voice: {
    from: '+12016661234',
    to: '+18045551234',
    type: 'voicemail',
    body: 'Your appointment is tomorrow at 10',
    attachments: null,
    timestamp: '2024-11-01T14:00:00Z',
  },
} satisfies {
  voice: SendExample;
  sms: SendExample;
  mms: SendExample;
  email: z.input<typeof CompatEmailBody>;
};

const compatMessage = (
  request: (typeof compatRequests)[keyof typeof compatRequests],
  id: string,
  conversationId: string,
): MessageResource => {
  const type = 'type' in request ? request.type : 'email';
  return {
    ...queuedSms,
    id,
    conversation_id: conversationId,
    type,
    from: request.from,
    to: request.to,
    subject: type === 'email' ? '' : null,
    body: request.body,
    attachments: [...(request.attachments ?? [])],
    encoding: type === 'email' ? null : 'GSM-7',
    segments: type === 'email' ? null : 1,
    timestamp: request.timestamp,
  };
};

export const compatMessages = {
  sms: compatMessage(compatRequests.sms, SMS_ID, PHONE_CONVERSATION_ID),
  mms: compatMessage(compatRequests.mms, MMS_ID, PHONE_CONVERSATION_ID),
  email: compatMessage(compatRequests.email, EMAIL_ID, EMAIL_CONVERSATION_ID),
  voice: {
    ...compatMessage(compatRequests.voice, VOICEMAIL_ID, PHONE_CONVERSATION_ID),
    encoding: null,
    segments: null,
    voice: { on_human: 'play' },
  } satisfies MessageResource,
};

export const messagePage: MessagePage = {
  data: [messages.sentSms],
  // Cursors are opaque; this one has the shape conversation-service hands out.
  next_cursor: Buffer.from(JSON.stringify([ACCEPTED_AT, SMS_ID])).toString('base64url'),
};

export const lastPage: MessagePage = { data: [messages.sentSms], next_cursor: null };

export const messageEvents: MessageEventList = {
  data: (['queued', 'sending', 'sent'] as const).map((status, i) => ({
    id: `${SMS_ID}:${status}`,
    message_id: SMS_ID,
    status,
    provider: status === 'queued' ? null : 'twilio',
    provider_message_id: status === 'sent' ? 'SM0123456789abcdef0123456789abcdef' : null,
    error_code: null,
    error_message: null,
    provider_status: status === 'sent' ? 'queued' : null,
    answered_by: null,
    duration_seconds: null,
    applied: true,
    occurred_at: i === 0 ? ACCEPTED_AT : SENT_AT,
    recorded_at: i === 0 ? ACCEPTED_AT : SENT_AT,
  })),
};

export const conversation: ConversationResource = {
  id: PHONE_CONVERSATION_ID,
  channel: 'phone',
  participants: ['+15551234567', '+15559876543'],
  message_count: 2,
  last_message_at: SENT_AT,
  last_message_preview: 'Here is your receipt',
  created_at: ACCEPTED_AT,
};

export const conversationPage: ConversationPage = { data: [conversation], next_cursor: null };

export const searchRequests = {
  word: { query: 'shipped' },
  phrase: { query: '"order has shipped"', limit: 5 },
} satisfies Record<string, z.input<typeof SearchConversationsRequest>>;

export const searchResults = {
  found: { data: [{ conversation, messages: [messages.sentSms] }] },
  none: { data: [] },
} satisfies Record<string, SearchResult>;
