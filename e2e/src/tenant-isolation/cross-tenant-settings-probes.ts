import type {
  MessageResource,
  SuppressionResource,
  WebhookEndpointWithSecret,
} from '@switchboard/contracts';
import { uniqueNumber } from '../tenant-fixtures';
import type { IsolationStack } from './isolation-stack';

/** An endpoint URL the test stacks accept (loopback is allowed there); nothing is delivered. */
const ENDPOINT_URL = 'http://127.0.0.1:9/isolation';

/**
 * The cross-tenant probes of the tenant's own settings — suppressions, webhook endpoints and
 * their deliveries — and of the compatible call route: tenant A creates what B then tries to
 * read, change or remove, and B must find nothing of A's.
 */
export function crossTenantSettingsProbes(
  suite: IsolationStack,
): Record<string, () => Promise<void>> {
  const suppressedByA = async (): Promise<string> => {
    const address = uniqueNumber();
    const added = await suite.a.call<SuppressionResource>('POST', '/api/v1/suppressions', {
      address,
      note: 'asked not to be contacted',
    });
    expect(added.status).toBe(201);
    return added.body.address;
  };
  const endpointOfA = async (): Promise<WebhookEndpointWithSecret> => {
    const created = await suite.a.call<WebhookEndpointWithSecret>(
      'POST',
      '/api/v1/webhook-endpoints',
      { url: ENDPOINT_URL, events: ['*'] },
    );
    expect(created.status).toBe(201);
    return created.body;
  };
  const encoded = (address: string) => encodeURIComponent(address);

  return {
    'post /api/messages/voice': async () => {
      const { b, customer, smsOfA } = suite;
      const res = await b.call<MessageResource>('POST', '/api/messages/voice', {
        from: uniqueNumber(),
        to: customer,
        type: 'voice',
        body: 'compat call',
        attachments: null,
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(res.status).toBe(201);
      expect(res.body.conversation_id).not.toBe(smsOfA.conversation_id);
    },
    'post /api/v1/suppressions': async () => {
      const address = await suppressedByA();
      // B adding the same recipient makes B's own entry; A's stays A's.
      const mine = await suite.b.call<SuppressionResource>('POST', '/api/v1/suppressions', {
        address,
      });
      expect(mine.status).toBe(201);
      const ofA = await suite.a.call<unknown>('GET', `/api/v1/suppressions/${encoded(address)}`);
      expect(ofA.status).toBe(200);
    },
    'get /api/v1/suppressions': async () => {
      const address = await suppressedByA();
      const list = await suite.b.call<{ data: SuppressionResource[] }>(
        'GET',
        '/api/v1/suppressions?limit=100',
      );
      expect(list.status).toBe(200);
      expect(list.body.data.map((s) => s.address)).not.toContain(address);
    },
    'get /api/v1/suppressions/{address}': async () => {
      const address = await suppressedByA();
      suite.expectNotFound(await suite.b.call('GET', `/api/v1/suppressions/${encoded(address)}`));
    },
    'delete /api/v1/suppressions/{address}': async () => {
      const address = await suppressedByA();
      suite.expectNotFound(
        await suite.b.call('DELETE', `/api/v1/suppressions/${encoded(address)}?reason=mine`),
      );
      const ofA = await suite.a.call<unknown>('GET', `/api/v1/suppressions/${encoded(address)}`);
      expect(ofA.status).toBe(200);
    },
    'post /api/v1/webhook-endpoints': async () => {
      const endpoint = await endpointOfA();
      const mine = await suite.b.call<WebhookEndpointWithSecret>(
        'POST',
        '/api/v1/webhook-endpoints',
        { url: ENDPOINT_URL, events: ['*'] },
      );
      expect(mine.status).toBe(201);
      expect(mine.body.id).not.toBe(endpoint.id);
      expect(mine.body.secret).not.toBe(endpoint.secret);
    },
    'get /api/v1/webhook-endpoints': async () => {
      const endpoint = await endpointOfA();
      const list = await suite.b.call<{ data: { id: string }[] }>(
        'GET',
        '/api/v1/webhook-endpoints',
      );
      expect(list.status).toBe(200);
      expect(list.body.data.map((e) => e.id)).not.toContain(endpoint.id);
    },
    'get /api/v1/webhook-endpoints/{id}': async () => {
      const { id } = await endpointOfA();
      suite.expectNotFound(await suite.b.call('GET', `/api/v1/webhook-endpoints/${id}`));
    },
    'patch /api/v1/webhook-endpoints/{id}': async () => {
      const { id } = await endpointOfA();
      suite.expectNotFound(
        await suite.b.call('PATCH', `/api/v1/webhook-endpoints/${id}`, { enabled: false }),
      );
    },
    'delete /api/v1/webhook-endpoints/{id}': async () => {
      const { id } = await endpointOfA();
      suite.expectNotFound(await suite.b.call('DELETE', `/api/v1/webhook-endpoints/${id}`));
      expect((await suite.a.call('GET', `/api/v1/webhook-endpoints/${id}`)).status).toBe(200);
    },
    'post /api/v1/webhook-endpoints/{id}/rotate-secret': async () => {
      const { id } = await endpointOfA();
      suite.expectNotFound(
        await suite.b.call('POST', `/api/v1/webhook-endpoints/${id}/rotate-secret`, {}),
      );
    },
    'get /api/v1/webhook-endpoints/{id}/deliveries': async () => {
      const { id } = await endpointOfA();
      suite.expectNotFound(await suite.b.call('GET', `/api/v1/webhook-endpoints/${id}/deliveries`));
    },
    'post /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/retry': async () => {
      const { id } = await endpointOfA();
      const delivery = '01900000-0000-7000-8000-000000000000';
      suite.expectNotFound(
        await suite.b.call(
          'POST',
          `/api/v1/webhook-endpoints/${id}/deliveries/${delivery}/retry`,
          {},
        ),
      );
    },
    'post /api/v1/webhook-endpoints/{id}/replay': async () => {
      const { id } = await endpointOfA();
      suite.expectNotFound(
        await suite.b.call('POST', `/api/v1/webhook-endpoints/${id}/replay`, {
          since: new Date(Date.now() - 60_000).toISOString(),
        }),
      );
    },
  };
}
