import { randomBytes } from 'node:crypto';
import type {
  ConversationPage,
  MessagePage,
  MessageResource,
  Problem,
  ProviderHealthResource,
  SearchResult,
} from '@switchboard/contracts';
import { eventually } from '@switchboard/testing';
import { request } from '../api-client';
import { uniqueNumber } from '../tenant-fixtures';
import { crossTenantMediaProbes } from './cross-tenant-media-probes';
import { crossTenantSettingsProbes } from './cross-tenant-settings-probes';
import { crossTenantEventProbes } from './cross-tenant-event-probes';
import { SEARCH_WORD, type IsolationStack } from './isolation-stack';

/**
 * How each operation is tried as tenant B against tenant A's data. Keyed by the operations of
 * the gateway's own OpenAPI document, which its spec keeps equal to the routes it serves: a
 * new endpoint fails the coverage test until it is added here.
 */
export function crossTenantProbes(suite: IsolationStack): Record<string, () => Promise<void>> {
  return {
    ...crossTenantSettingsProbes(suite),
    ...crossTenantEventProbes(suite),
    ...crossTenantMediaProbes(suite),
    'post /api/v1/messages/send': async () => {
      const { gateway, a, b, customer, smsOfA } = suite;
      const key = `idem-${randomBytes(6).toString('hex')}`;
      const mine = await b.call<MessageResource>('POST', '/api/v1/messages/send', {
        from: uniqueNumber(),
        to: customer,
        body: 'B writes to the same customer',
      });
      expect(mine.status).toBe(201);
      // Same participants as A's conversation: still B's own thread.
      const same = await b.call<MessageResource>('POST', '/api/v1/messages/send', {
        from: smsOfA.from,
        to: smsOfA.to,
        body: 'B uses the same pair',
      });
      // A claimed that number: B may not send from it.
      expect(same.status).toBe(400);
      expect((same.body as unknown as Problem).errors?.map((e) => e.field)).toEqual(['from']);

      // An Idempotency-Key A used means nothing to B.
      const first = await request<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: { from: uniqueNumber(), to: customer, body: 'A, keyed' },
        headers: { authorization: `Bearer ${a.key}`, 'idempotency-key': key },
      });
      const second = await request<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: { from: uniqueNumber(), to: customer, body: 'A, keyed' },
        headers: { authorization: `Bearer ${b.key}`, 'idempotency-key': key },
      });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.headers.get('idempotency-replayed')).toBeNull();
    },
    'post /api/v1/messages/batch': async () => {
      const { b, numberOfA, customer, smsOfA } = suite;
      const res = await b.call<{
        results: { index: number; status: number; message?: MessageResource; problem?: Problem }[];
      }>('POST', '/api/v1/messages/batch', {
        messages: [
          { from: numberOfA, to: customer, body: 'B impersonating A' },
          { from: uniqueNumber(), to: customer, body: 'B on its own' },
        ],
      });
      expect(res.status).toBe(207);
      const [impersonation, own] = res.body.results;
      expect(impersonation).toMatchObject({ index: 0, status: 400 });
      expect(impersonation!.problem?.errors?.map((e) => e.field)).toEqual(['from']);
      expect(own).toMatchObject({ index: 1, status: 201 });
      expect(own!.message!.conversation_id).not.toBe(smsOfA.conversation_id);
    },
    // Platform-wide, not tenant data: both tenants read the same providers, and nothing of A's.
    'get /api/v1/providers/health': async () => {
      const { gateway, a, b, numberOfA, customer } = suite;
      const read = async (key: string) => {
        const res = await request<ProviderHealthResource>(
          gateway,
          'GET',
          '/api/v1/providers/health',
          {
            headers: { authorization: `Bearer ${key}` },
          },
        );
        expect(res.status).toBe(200);
        return res.body;
      };
      const providersOf = (health: ProviderHealthResource) =>
        health.channels.map((c) => [c.channel, c.providers.map((p) => p.name).sort()]);
      const ofA = await eventually(
        () => read(a.key),
        (h) => h.channels.every((c) => c.replicas > 0),
        { what: 'every dispatcher reported its providers' },
      );
      const ofB = await read(b.key);
      expect(providersOf(ofB)).toEqual(providersOf(ofA));
      const text = JSON.stringify(ofB);
      for (const secret of [a.id, numberOfA, customer]) expect(text).not.toContain(secret);
      const anonymous = await request(gateway, 'GET', '/api/v1/providers/health');
      expect(anonymous.status).toBe(401);
    },
    'get /api/v1/messages': async () => {
      const { b, smsOfA, emailOfA } = suite;
      const all = await b.call<MessagePage>('GET', '/api/v1/messages?limit=100');
      expect(all.status).toBe(200);
      const ids = all.body.data.map((m) => m.id);
      expect(ids).not.toContain(smsOfA.id);
      expect(ids).not.toContain(emailOfA.id);
      const filtered = await b.call<MessagePage>(
        'GET',
        `/api/v1/messages?conversation_id=${smsOfA.conversation_id}`,
      );
      expect(filtered.body.data).toEqual([]);
    },
    'get /api/v1/messages/{id}': async () => {
      const { a, b, smsOfA, emailOfA, expectNotFound } = suite;
      expectNotFound(await b.call('GET', `/api/v1/messages/${smsOfA.id}`));
      expectNotFound(await b.call('GET', `/api/v1/messages/${emailOfA.id}`));
      expect((await a.call('GET', `/api/v1/messages/${smsOfA.id}`)).status).toBe(200);
    },
    'get /api/v1/messages/{id}/events': async () => {
      const { a, b, smsOfA, expectNotFound } = suite;
      expectNotFound(await b.call('GET', `/api/v1/messages/${smsOfA.id}/events`));
      expect((await a.call('GET', `/api/v1/messages/${smsOfA.id}/events`)).status).toBe(200);
    },
    'post /api/v1/messages/{id}/retry': async () => {
      const { b, smsOfA, expectNotFound } = suite;
      expectNotFound(await b.call('POST', `/api/v1/messages/${smsOfA.id}/retry`));
    },
    'get /api/v1/conversations': async () => {
      const { b, numberOfA, customer, smsOfA } = suite;
      const page = await b.call<ConversationPage>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(customer)}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.map((c) => c.id)).not.toContain(smsOfA.conversation_id);
      const ofA = await b.call<ConversationPage>(
        'GET',
        `/api/v1/conversations?participant=${encodeURIComponent(numberOfA)}`,
      );
      expect(ofA.body.data).toEqual([]);
    },
    'get /api/v1/conversations/{id}': async () => {
      const { a, b, smsOfA, expectNotFound } = suite;
      expectNotFound(await b.call('GET', `/api/v1/conversations/${smsOfA.conversation_id}`));
      expect((await a.call('GET', `/api/v1/conversations/${smsOfA.conversation_id}`)).status).toBe(
        200,
      );
    },
    'get /api/v1/conversations/{id}/messages': async () => {
      const { b, smsOfA, expectNotFound } = suite;
      expectNotFound(
        await b.call('GET', `/api/v1/conversations/${smsOfA.conversation_id}/messages`),
      );
    },
    'post /api/v1/conversations/search': async () => {
      const { a, b } = suite;
      const found = await b.call<SearchResult>('POST', '/api/v1/conversations/search', {
        query: SEARCH_WORD,
      });
      expect(found.status).toBe(200);
      expect(found.body.data).toEqual([]);
      const own = await a.call<SearchResult>('POST', '/api/v1/conversations/search', {
        query: SEARCH_WORD,
      });
      expect(own.body.data.length).toBeGreaterThan(0);
    },
    'post /api/messages/sms': async () => {
      const { b, customer, smsOfA } = suite;
      const res = await b.call<MessageResource>('POST', '/api/messages/sms', {
        from: uniqueNumber(),
        to: customer,
        type: 'sms',
        body: 'compat',
        attachments: null,
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(res.status).toBe(201);
      expect(res.body.conversation_id).not.toBe(smsOfA.conversation_id);
    },
    'post /api/messages/email': async () => {
      const { a, b, emailOfA } = suite;
      const res = await b.call<MessageResource>('POST', '/api/messages/email', {
        from: 'customer@example.com',
        to: `billing@${a.id}.example.com`,
        body: 'compat email, reversed pair',
        attachments: [],
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(res.status).toBe(201);
      expect(res.body.conversation_id).not.toBe(emailOfA.conversation_id);
    },
    'get /api/conversations': async () => {
      const { b, smsOfA, emailOfA } = suite;
      const page = await b.call<ConversationPage>('GET', '/api/conversations?limit=100');
      expect(page.status).toBe(200);
      expect(page.body.data.map((c) => c.id)).not.toContain(smsOfA.conversation_id);
      expect(page.body.data.map((c) => c.id)).not.toContain(emailOfA.conversation_id);
    },
    'get /api/conversations/{id}': async () => {
      const { b, smsOfA, expectNotFound } = suite;
      expectNotFound(await b.call('GET', `/api/conversations/${smsOfA.conversation_id}`));
    },
    'get /api/conversations/{id}/messages': async () => {
      const { b, smsOfA, expectNotFound } = suite;
      expectNotFound(await b.call('GET', `/api/conversations/${smsOfA.conversation_id}/messages`));
    },
    'post /api/conversations/search': async () => {
      const { b } = suite;
      const found = await b.call<SearchResult>('POST', '/api/conversations/search', {
        query: SEARCH_WORD,
      });
      expect(found.body.data).toEqual([]);
    },
  };
}
