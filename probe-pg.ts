import { createDb, migrateToLatest } from '@switchboard/db';
import { startPrivatePostgres, startStack, startMessageLoad } from '@switchboard/testing';
(async () => {
  const postgres = await startPrivatePostgres();
  const database = createDb({ url: postgres.url, poolMax: 1 });
  await migrateToLatest(database.db).finally(() => database.close());
  const stack = await startStack({ env: { DATABASE_URL: postgres.url, LOG_LEVEL: 'warn', STATUS_CALLBACKS: 'false', SANDBOX_CALLBACKS: 'false', RATE_LIMIT_ENABLED: 'false' } });
  const gw = stack.url('gateway');
  await fetch(`${stack.url('provider-sandbox')}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'twilio', mode: 'latency', latency_ms: 1500 }) });
  const load = startMessageLoad({ gateway: gw, conversations: 10, perConversation: 4, concurrency: 10 });
  await load.done;
  await new Promise((r) => setTimeout(r, 2000));
  await postgres.stop();
  await new Promise((r) => setTimeout(r, 3000));
  for (const [n, a] of Object.entries(stack.apps)) console.log('=====', n, a.process.exitCode, a.output().split('\n').filter(l => !l.includes('ECONNREFUSED')).join('\n').slice(-4000));
  await stack.stop(); await postgres.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
