import type { MessageResource } from '@switchboard/contracts';
import { sql } from '@switchboard/db';
import { SEARCH_WORD, type IsolationStack } from './isolation-stack';

/** Classic SQL injection payloads, sent through every filter, search field and id. */
const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE messages; --",
  '" OR ""="',
  // Longer than the services' statement timeout (10 s): run, it would fail the request or hold it
  // past the bound below.
  '1; SELECT pg_sleep(12) --',
  "') UNION SELECT id, hash FROM api_keys --",
  "%' OR 1=1 --",
  "\\'; DROP TABLE tenants; --",
  '$$; DROP TABLE conversations; $$',
  "' || (SELECT hash FROM api_keys LIMIT 1) || '",
  '1 OR 1=1',
];

/** Injection payloads through every filter, search field and id: refused or harmless. */
export function describeSqlInjection(suite: IsolationStack): void {
  describe('SQL injection through every filter and search field', () => {
    const queryFields = [
      'participant',
      'cursor',
      'status',
      'type',
      'direction',
      'conversation_id',
      'since',
      'until',
      'limit',
    ];

    it.each(INJECTIONS)(
      '%s: refused (400) or harmless (empty), never executed',
      async (payload) => {
        const { b, smsOfA } = suite;
        const encoded = encodeURIComponent(payload);
        const attempts: { path: string; method: string; body?: unknown; expectEmpty?: boolean }[] =
          [
            ...queryFields.map((field) => ({
              method: 'GET',
              path: `/api/v1/messages?${field}=${encoded}`,
            })),
            ...['participant', 'cursor', 'limit'].map((field) => ({
              method: 'GET',
              path: `/api/v1/conversations?${field}=${encoded}`,
            })),
            {
              method: 'GET',
              path: `/api/v1/conversations/${smsOfA.conversation_id}/messages?cursor=${encoded}`,
            },
            { method: 'GET', path: `/api/v1/messages/${encoded}` },
            { method: 'GET', path: `/api/v1/messages/${encoded}/events` },
            { method: 'POST', path: `/api/v1/messages/${encoded}/retry` },
            { method: 'GET', path: `/api/v1/conversations/${encoded}` },
            { method: 'GET', path: `/api/v1/conversations/${encoded}/messages` },
            { method: 'POST', path: '/api/v1/conversations/search', body: { query: payload } },
            {
              method: 'POST',
              path: '/api/v1/conversations/search',
              body: { query: `${SEARCH_WORD} ${payload}` },
            },
          ];
        const check = async (attempt: (typeof attempts)[number]) => {
          const started = Date.now();
          const res = await b.call<{ data?: unknown[] }>(
            attempt.method,
            attempt.path,
            attempt.body,
          );
          expect([attempt.path, res.status]).toEqual([attempt.path, expect.any(Number)]);
          expect([attempt.path, [200, 400, 404].includes(res.status)]).toEqual([
            attempt.path,
            true,
          ]);
          if (res.status === 200) expect([attempt.path, res.body.data]).toEqual([attempt.path, []]);
          else expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(Date.now() - started).toBeLessThan(9_000);
        };
        await Promise.all(attempts.map(check));
      },
    );

    it('leaves every table and tenant A’s data in place', async () => {
      const { database, a, smsOfA } = suite;
      for (const table of [
        'messages',
        'conversations',
        'tenants',
        'api_keys',
        'tenant_addresses',
      ]) {
        const { rows } = await sql<{
          n: string;
        }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
        expect(Number(rows[0]!.n)).toBeGreaterThan(0);
      }
      const again = await a.call<MessageResource>('GET', `/api/v1/messages/${smsOfA.id}`);
      expect(again.body).toMatchObject({ id: smsOfA.id, body: smsOfA.body, to: smsOfA.to });
    });
  });
}
