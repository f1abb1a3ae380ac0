import { z } from 'zod';
import { ClientEventType } from './client-event.schema';

/** Endpoints one tenant may register. */
export const MAX_WEBHOOK_ENDPOINTS = 50;
/** The longest a rotated-out secret keeps signing. */
export const MAX_SECRET_GRACE_SECONDS = 7 * 86_400;
/** How long a rotated-out secret keeps signing unless the rotation says otherwise. */
export const DEFAULT_SECRET_GRACE_SECONDS = 86_400;

const EXAMPLE_ENDPOINT_ID = '01a21c43-e04d-77cc-97ae-1d07b0f73999';

const EndpointUrl = z
  .string()
  .max(2_048)
  .meta({
    description:
      'Where events are POSTed. https in production; it must not point at a private, loopback, link-local or metadata address',
    examples: ['https://example.com/hooks/switchboard'],
  });
const EventSelection = z
  .array(z.union([ClientEventType, z.literal('*')]))
  .min(1)
  .max(20)
  .meta({
    description: 'The event types to deliver, or `["*"]` for every type (also those added later)',
    examples: [['message.received', 'message.status']],
  });
const Description = z.string().max(500).nullable().describe('A note for yourself');

export const CreateWebhookEndpointRequest = z
  .object({
    url: EndpointUrl,
    events: EventSelection.default(['*']),
    description: Description.optional(),
    enabled: z.boolean().default(true).describe('Whether events are delivered'),
  })
  .describe('A webhook endpoint to register');
export type CreateWebhookEndpointRequest = z.infer<typeof CreateWebhookEndpointRequest>;

export const UpdateWebhookEndpointRequest = z
  .object({
    url: EndpointUrl.optional(),
    events: EventSelection.optional(),
    description: Description.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('Whether events are delivered; `true` also re-enables a disabled endpoint'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'name at least one field to change' })
  .describe('The fields of a webhook endpoint to change');
export type UpdateWebhookEndpointRequest = z.infer<typeof UpdateWebhookEndpointRequest>;

export const RotateWebhookSecretRequest = z
  .object({
    grace_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_SECRET_GRACE_SECONDS)
      .default(DEFAULT_SECRET_GRACE_SECONDS)
      .describe(
        'How long the old secret keeps signing beside the new one (deliveries carry both signatures meanwhile)',
      ),
  })
  .describe('A secret rotation');
export type RotateWebhookSecretRequest = z.infer<typeof RotateWebhookSecretRequest>;

export const WebhookEndpointResource = z
  .object({
    id: z.uuid().meta({ description: 'The endpoint id', examples: [EXAMPLE_ENDPOINT_ID] }),
    url: z.string().describe('Where events are POSTed'),
    events: z.array(z.string()).describe('The event types delivered; `["*"]` for every type'),
    description: z.string().nullable().describe('A note for yourself'),
    enabled: z.boolean().describe('Whether events are delivered'),
    disabled_reason: z
      .string()
      .nullable()
      .describe('Why deliveries stopped, when Switchboard disabled the endpoint (e.g. `410 Gone`)'),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .describe('Until when the secret before the last rotation still signs (ISO 8601, UTC)'),
    created_at: z.string().describe('When it was registered (ISO 8601, UTC)'),
    updated_at: z.string().describe('When it last changed (ISO 8601, UTC)'),
  })
  .describe('A webhook endpoint');
export type WebhookEndpointResource = z.infer<typeof WebhookEndpointResource>;

export const WebhookEndpointWithSecret = WebhookEndpointResource.extend({
  secret: z.string().meta({
    description:
      'The signing secret, shown only in this answer: verify deliveries with any Standard Webhooks library',
    examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  }),
}).describe('A webhook endpoint with its signing secret');
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookEndpointList = z
  .object({ data: z.array(WebhookEndpointResource).describe('The endpoints') })
  .describe("The tenant's webhook endpoints, newest first");
export type WebhookEndpointList = z.infer<typeof WebhookEndpointList>;

const Target = z.object({ tenant_id: z.string(), id: z.uuid() });
export const CreateWebhookEndpointRpc = CreateWebhookEndpointRequest.extend({
  tenant_id: z.string(),
});
export type CreateWebhookEndpointRpc = z.infer<typeof CreateWebhookEndpointRpc>;
export const ListWebhookEndpointsRpc = z.object({ tenant_id: z.string() });
export const UpdateWebhookEndpointRpc = Target.extend({ changes: UpdateWebhookEndpointRequest });
export type UpdateWebhookEndpointRpc = z.infer<typeof UpdateWebhookEndpointRpc>;
export const RotateWebhookSecretRpc = Target.extend(RotateWebhookSecretRequest.shape);
export type RotateWebhookSecretRpc = z.infer<typeof RotateWebhookSecretRpc>;
export const DeletedReply = z.object({ deleted: z.literal(true) });
