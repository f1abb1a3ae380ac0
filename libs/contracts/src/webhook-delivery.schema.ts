import { z } from 'zod';
import { PageQuery, pageOf } from './api.schema';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DeliveryStatus = z
  .enum(DELIVERY_STATUSES)
  .describe(
    '`pending` (waiting for its first or next attempt), `delivered` (answered 2xx) or `failed` (retries spent, or the endpoint answered 410)',
  );

export const ListDeliveriesQuery = z
  .object({
    ...PageQuery.shape,
    status: DeliveryStatus.optional().describe('Only the deliveries in this status'),
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;

export const DeliveryParams = z.object({
  id: z.uuid().describe('The endpoint id'),
  delivery_id: z.uuid().describe('The delivery id'),
});

export const WebhookAttemptResource = z
  .object({
    attempted_at: z.string().describe('When it was made (ISO 8601, UTC)'),
    status_code: z.number().int().nullable().describe("The endpoint's HTTP status; null if none"),
    duration_ms: z.number().int().describe('How long it took, answer included'),
    response_body: z
      .string()
      .nullable()
      .describe("The start of the endpoint's answer (at most 1 KiB)"),
    error: z.string().nullable().describe('Why there was no answer (timeout, refused URL, …)'),
  })
  .describe('One delivery attempt');

export const WebhookDeliveryResource = z
  .object({
    id: z.uuid().describe('The delivery id'),
    endpoint_id: z.uuid().describe('The endpoint'),
    event_id: z.string().describe('The event delivered (its `webhook-id`)'),
    event_type: z.string().describe('The event type'),
    status: DeliveryStatus,
    attempt_count: z.number().int().describe('Attempts made so far'),
    next_attempt_at: z
      .string()
      .nullable()
      .describe('When the next attempt is due, while pending (ISO 8601, UTC)'),
    created_at: z.string().describe('When the event was queued for this endpoint (ISO 8601, UTC)'),
    attempts: z.array(WebhookAttemptResource).describe('Every attempt, oldest first'),
  })
  .describe('One event delivered (or being delivered) to one endpoint, with its attempts');
export type WebhookDeliveryResource = z.infer<typeof WebhookDeliveryResource>;

export const WebhookDeliveryPage = pageOf(WebhookDeliveryResource);
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;

export const ReplayRequest = z
  .object({
    since: z.iso
      .datetime({ offset: true })
      .describe('Re-send every event queued for the endpoint since this instant (ISO 8601)'),
  })
  .strict()
  .describe('A window of events to deliver again');
export const ReplayReply = z
  .object({ queued: z.number().int().describe('Deliveries queued again') })
  .describe('What a replay queued');

const Target = z.object({ tenant_id: z.string(), id: z.uuid() });
export const ListDeliveriesRpc = Target.extend(ListDeliveriesQuery.shape);
export type ListDeliveriesRpc = z.infer<typeof ListDeliveriesRpc>;
export const RetryDeliveryRpc = Target.extend({ delivery_id: z.uuid() });
export type RetryDeliveryRpc = z.infer<typeof RetryDeliveryRpc>;
export const ReplayRpc = Target.extend(ReplayRequest.shape);
export type ReplayRpc = z.infer<typeof ReplayRpc>;
