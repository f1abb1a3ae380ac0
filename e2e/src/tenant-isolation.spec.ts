import { crossTenantProbes } from './tenant-isolation/cross-tenant-probes';
import { describeCredentials } from './tenant-isolation/credentials.tests';
import { useIsolationStack } from './tenant-isolation/isolation-stack';
import { describeSqlInjection } from './tenant-isolation/sql-injection.tests';
import { describeTenantThreads } from './tenant-isolation/tenant-threads.tests';

describe('tenants are isolated from each other (AUTH_MODE=required)', () => {
  const suite = useIsolationStack();
  const probes = crossTenantProbes(suite);

  it('has a cross-tenant probe for every client operation the gateway serves', async () => {
    const { clientOperations } = suite;
    const documented = (await clientOperations()).map((op) => op.id).sort();
    expect(documented).toEqual(Object.keys(probes).sort());
  });

  it.each(Object.keys(probes))('%s: tenant B cannot see or touch tenant A’s data', async (id) => {
    await probes[id]!();
  });

  describeCredentials(suite);
  describeTenantThreads(suite);
  describeSqlInjection(suite);

  it('sends no CORS headers when no origin is configured', async () => {
    const { gateway } = suite;
    const res = await fetch(`${gateway}/api/v1/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
