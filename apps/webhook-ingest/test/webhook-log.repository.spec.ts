import { randomUUID } from 'node:crypto';
import { createDb, migrateToLatest, type Db } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import {
  SignatureVerdicts,
  WebhookOutcomes,
  createWebhookLogRepository,
} from '../src/webhook-log.repository';

describe('webhook_logs (PostgreSQL)', () => {
  let database: Db;

  beforeAll(async () => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 4 });
    await migrateToLatest(database.db);
  });
  afterAll(() => database.close());

  it('gives each of many webhooks stored together its own row, and records each outcome', async () => {
    const logs = createWebhookLogRepository(database.db);
    const run = randomUUID();
    const entries = Array.from({ length: 150 }, (_, i) => ({
      provider: 'twilio',
      route: `/api/v1/webhooks/twilio/${run}`,
      headers: { 'x-entry': String(i) },
      body: `MessageSid=SM${i}&Run=${run}`,
      verdict: i % 2 ? SignatureVerdicts.valid : SignatureVerdicts.invalid,
    }));
    // Submitted in one burst: they are written in a few multi-row statements.
    const ids = await Promise.all(entries.map((entry) => logs.insert(entry)));
    expect(new Set(ids).size).toBe(entries.length);
    await Promise.all(
      ids.map((id, i) =>
        logs.complete(
          id,
          i % 2 ? WebhookOutcomes.accepted : WebhookOutcomes.rejected,
          i % 3 ? undefined : `detail ${i}`,
        ),
      ),
    );

    const rows = await database.db
      .selectFrom('webhook_logs')
      .selectAll()
      .where('route', '=', `/api/v1/webhooks/twilio/${run}`)
      .execute();
    expect(rows).toHaveLength(entries.length);
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    ids.forEach((id, i) => {
      const row = byId.get(id)!;
      expect(row.body).toBe(entries[i]!.body);
      expect(row.headers).toEqual({ 'x-entry': String(i) });
      expect(row.signature_verdict).toBe(entries[i]!.verdict);
      expect(row.outcome).toBe(i % 2 ? 'accepted' : 'rejected');
      expect(row.detail).toBe(i % 3 ? null : `detail ${i}`);
      expect(row.completed_at).toBeInstanceOf(Date);
    });
  });
});
