import type { z } from 'zod';
import { baseEnv, natsEnv, positiveInt } from '@switchboard/config';

/** Settings every dispatcher shares; each app adds its port and provider credentials. */
export const dispatcherEnv = baseEnv.extend(natsEnv.shape).extend({
  /** Messages sent at once across conversations (one at a time within a conversation). */
  DISPATCH_CONCURRENCY: positiveInt(64),
  /** Deliveries of one dispatch command before it is given up. */
  DISPATCH_MAX_DELIVER: positiveInt(10),
});
export type DispatcherEnv = z.output<typeof dispatcherEnv>;
