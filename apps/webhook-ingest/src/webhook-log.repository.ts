import type { Database, Kysely } from '@switchboard/db';

export const SignatureVerdicts = {
  valid: 'valid',
  missing: 'missing',
  invalid: 'invalid',
  stale: 'stale',
  notRequired: 'not_required',
  skipped: 'skipped',
} as const;
export type SignatureVerdict = (typeof SignatureVerdicts)[keyof typeof SignatureVerdicts];

export const WebhookOutcomes = {
  received: 'received',
  accepted: 'accepted',
  duplicate: 'duplicate',
  ignored: 'ignored',
  rejected: 'rejected',
  invalid: 'invalid',
  failed: 'failed',
} as const;
export type WebhookOutcome = (typeof WebhookOutcomes)[keyof typeof WebhookOutcomes];

const SECRET_HEADERS = new Set([
  'authorization',
  'cookie',
  'x-api-key',
  'x-twilio-signature',
  'x-twilio-email-event-webhook-signature',
]);

/** Headers as logged: secrets and signatures masked, everything else kept for the audit trail. */
export function maskHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[key] = SECRET_HEADERS.has(key.toLowerCase()) ? `[masked:${text.length}]` : text;
  }
  return out;
}

/** webhook_logs: the raw audit trail, written before any webhook is acknowledged. */
export function createWebhookLogRepository(db: Kysely<Database>) {
  return {
    async insert(entry: {
      provider: string;
      route: string;
      headers: Record<string, string>;
      body: string;
      verdict: SignatureVerdict;
    }): Promise<string> {
      const row = await db
        .insertInto('webhook_logs')
        .values({
          provider: entry.provider,
          route: entry.route,
          headers: JSON.stringify(entry.headers),
          // PostgreSQL text cannot hold NUL; nothing a provider sends as text contains one.
          body: entry.body.replaceAll(String.fromCharCode(0), ''),
          signature_verdict: entry.verdict,
          outcome: WebhookOutcomes.received,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async complete(id: string, outcome: WebhookOutcome, detail?: string): Promise<void> {
      await db
        .updateTable('webhook_logs')
        .set({ outcome, detail: detail ?? null, completed_at: new Date() })
        .where('id', '=', id)
        .execute();
    },
  };
}
export type WebhookLogRepository = ReturnType<typeof createWebhookLogRepository>;
