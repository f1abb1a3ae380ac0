import { sql, type Database, type Kysely } from '@switchboard/db';

/** One pacing rule: senders matching `pattern` may each send `count` messages per `perSeconds`. */
export interface PacingRule {
  pattern: string;
  count: number;
  perSeconds: number;
}

/**
 * Parses `SENDER_RATE_LIMITS`: comma-separated `pattern=count/seconds`, where `*` matches any
 * run of characters — e.g. `+1*=1/1` (every US long code: one message a second each) or
 * `+15551234567=30/1,*@example.com=10/1`. The first matching rule applies; no rule, no limit.
 */
export function parsePacingRules(setting: string | undefined): PacingRule[] {
  if (!setting?.trim()) return [];
  return setting.split(',').map((part) => {
    // eslint-disable-next-line regexp/no-super-linear-backtracking -- the operator's setting, parsed once at start
    const match = /^\s*([^=]+?)\s*=\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match || Number(match[2]) < 1 || Number(match[3]) <= 0) {
      throw new Error(`SENDER_RATE_LIMITS: "${part.trim()}" is not pattern=count/seconds`);
    }
    return { pattern: match[1]!, count: Number(match[2]), perSeconds: Number(match[3]) };
  });
}

function matcher(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}

/**
 * Paces senders across every dispatcher replica: each message reserves the sender's next free
 * slot in PostgreSQL (`sender_pacing`) and waits for it. Nothing is dropped; messages of one
 * conversation keep their order because they reserve slots one after another.
 */
export function createSenderPacing(db: Kysely<Database>, rules: readonly PacingRule[]) {
  const compiled = rules.map((rule) => ({ rule, regex: matcher(rule.pattern) }));
  const ruleFor = (sender: string) => compiled.find((c) => c.regex.test(sender))?.rule;
  return {
    /** Whether a rule paces this sender (else `reserve` answers 0 without a round trip). */
    paces(sender: string): boolean {
      return ruleFor(sender) !== undefined;
    },

    /** Milliseconds this message must wait before it may go (0 when the sender is not paced). */
    async reserve(sender: string): Promise<number> {
      const rule = ruleFor(sender);
      if (!rule) return 0;
      const intervalMs = (rule.perSeconds * 1000) / rule.count;
      const { rows } = await sql<{ slot: Date }>`
        insert into sender_pacing (sender, next_at) values (${sender}, now() + ${`${intervalMs} milliseconds`}::interval)
        on conflict (sender) do update
          set next_at = greatest(sender_pacing.next_at, now()) + ${`${intervalMs} milliseconds`}::interval
        returning next_at - ${`${intervalMs} milliseconds`}::interval as slot`.execute(db);
      const slot = rows[0]?.slot;
      return slot ? Math.max(0, slot.getTime() - Date.now()) : 0;
    },
  };
}
export type SenderPacing = ReturnType<typeof createSenderPacing>;
