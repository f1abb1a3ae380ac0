import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-initial';
import * as m0002 from './migrations/0002-webhook-logs';
import * as m0003 from './migrations/0003-tenants-and-keys';
import * as m0004 from './migrations/0004-dispatch-ledger';
import * as m0005 from './migrations/0005-sender-pacing';
import * as m0006 from './migrations/0006-dispatch-admit';
import * as m0007 from './migrations/0007-message-idempotency-keys';
import * as m0008 from './migrations/0008-dispatch-fencing';
import * as m0010 from './migrations/0010-tenant-token-issuers';
import * as m0011 from './migrations/0011-webhook-log-digests';
import * as m0012 from './migrations/0012-voice-outbound';
import * as m0013 from './migrations/0013-consent';
import * as m0014 from './migrations/0014-client-webhooks';
import * as m0015 from './migrations/0015-voice-inbound';
import * as m0016 from './migrations/0016-media';
import * as m0017 from './migrations/0017-consent-categories';
import * as m0018 from './migrations/0018-client-events';
import * as m0019 from './migrations/0019-media-last-used';
import type { Database } from './schema';

/** Every migration, in order. Listed statically so bundled builds carry them. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-webhook-logs': m0002,
  '0003-tenants-and-keys': m0003,
  '0004-dispatch-ledger': m0004,
  '0005-sender-pacing': m0005,
  '0006-dispatch-admit': m0006,
  '0007-message-idempotency-keys': m0007,
  '0008-dispatch-fencing': m0008,
  '0010-tenant-token-issuers': m0010,
  '0011-webhook-log-digests': m0011,
  '0012-voice-outbound': m0012,
  '0013-consent': m0013,
  '0014-client-webhooks': m0014,
  '0015-voice-inbound': m0015,
  '0016-media': m0016,
  '0017-consent-categories': m0017,
  '0018-client-events': m0018,
  '0019-media-last-used': m0019,
};

/** Applies every pending migration; safe to run concurrently (kysely takes a lock). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  // A database that already has a later-numbered migration (branches merged out of name order)
  // still takes an earlier one that arrives after it; each is applied once.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
