import { createGroupCommit, sql, type Database, type Kysely } from '@switchboard/db';

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

export interface WebhookLogEntry {
  provider: string;
  route: string;
  headers: Record<string, string>;
  /** The body of a verified webhook; null for a refused one. */
  body: string | null;
  /** A refused webhook's body as a digest: sha256 (hex) and size; left out when never read. */
  digest?: { sha256: string; bytes: number };
  verdict: SignatureVerdict;
}

interface Completion {
  id: string;
  outcome: WebhookOutcome;
  detail: string | null;
}

/** Webhooks written together at most, and such statements in flight at once. */
const GROUP_MAX = 64;
const GROUP_CONCURRENCY = 2;

/**
 * webhook_logs: the audit trail, written before any webhook is acknowledged: the raw body of
 * every verified webhook, and only a digest of a refused one. Webhooks that
 * arrive together are written together (group commit): one multi-row insert for their entries,
 * one update for their outcomes, each caller answered once its own row is stored.
 */
export function createWebhookLogRepository(db: Kysely<Database>) {
  const inserts = createGroupCommit<WebhookLogEntry, string>({
    maxItems: GROUP_MAX,
    maxGroups: GROUP_CONCURRENCY,
    run: async (entries) => {
      const rows = await db
        .insertInto('webhook_logs')
        .values(
          entries.map((entry) => ({
            provider: entry.provider,
            route: entry.route,
            headers: JSON.stringify(entry.headers),
            // PostgreSQL text cannot hold NUL; nothing a provider sends as text contains one.
            body: entry.body?.replaceAll(String.fromCharCode(0), '') ?? null,
            body_sha256: entry.digest?.sha256 ?? null,
            body_bytes: entry.digest?.bytes ?? null,
            signature_verdict: entry.verdict,
            outcome: WebhookOutcomes.received,
          })),
        )
        .returning('id')
        .execute();
      // One statement draws its ids from the sequence row by row, in the order of its values:
      // sorted, they line up with the entries whatever order the rows come back in.
      return rows
        .map((r) => BigInt(r.id))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map(String);
    },
  });
  const completions = createGroupCommit<Completion, void>({
    maxItems: GROUP_MAX,
    maxGroups: GROUP_CONCURRENCY,
    run: async (items) => {
      const column = <K extends keyof Completion>(key: K) => items.map((c) => c[key]);
      await sql`
        update webhook_logs as w
           set outcome = v.outcome, detail = v.detail, completed_at = now()
          from unnest(${column('id')}::bigint[], ${column('outcome')}::text[], ${column('detail')}::text[])
               as v(id, outcome, detail)
         where w.id = v.id`.execute(db);
      return items.map(() => undefined);
    },
  });

  return {
    /** Stores the webhook as received; answers its log id. */
    insert(entry: WebhookLogEntry): Promise<string> {
      return inserts.submit(entry);
    },
    /** Records what became of it. */
    complete(id: string, outcome: WebhookOutcome, detail?: string): Promise<void> {
      return completions.submit({ id, outcome, detail: detail ?? null });
    },
  };
}
export type WebhookLogRepository = ReturnType<typeof createWebhookLogRepository>;
