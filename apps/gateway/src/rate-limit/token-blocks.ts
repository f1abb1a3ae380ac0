import type { RateLimitBudget } from '@switchboard/app-config/gateway';
import type { Redis } from '@switchboard/service';

/** A block takes at most this share of what the window has left (here an eighth). */
const BLOCK_SHARE_OF_LEFT = 8;

/**
 * The most clients a replica keeps blocks for. Past it the longest-kept are forgotten: their
 * unspent points go unused for the rest of the window, never to another client.
 */
const MAX_KEPT_CLIENTS = 20_000;

/**
 * Takes points from a client's window counter in one atomic step: the counter is created with
 * the window's expiry when absent; when fewer than `need` points are left nothing is taken.
 * Otherwise it takes `need`, or a block of up to `most` (never more than an eighth of what is
 * left) when that is larger. The count never passes the budget. It answers the points taken,
 * the count after, the window's TTL in ms and the window's end by the Redis server's clock,
 * which tells the answers of one window from those of the next.
 *
 * The counter is the same plain integer with expiry that earlier gateways kept per request,
 * so replicas of both kinds count against the same window during a rolling update.
 */
const TAKE = `
redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local used = tonumber(redis.call('get', KEYS[1]))
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * tonumber(ARGV[2])
end
local need = tonumber(ARGV[3])
local taken = 0
if tonumber(ARGV[1]) - used >= need then
  local block = math.floor((tonumber(ARGV[1]) - used) / tonumber(ARGV[5]))
  taken = math.max(need, math.min(tonumber(ARGV[4]), block))
  used = redis.call('incrby', KEYS[1], taken)
end
local now = redis.call('time')
return {taken, used, ttl, tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + ttl}`;

interface TakeCommand {
  rateLimitTake(
    key: string,
    limit: number,
    windowS: number,
    need: number,
    most: number,
    share: number,
  ): Promise<[taken: number, used: number, ttlMs: number, windowEnd: number]>;
}

/** What Redis answered to one take. */
interface Answer {
  taken: number;
  used: number;
  /** By this replica's clock, no later than the window's end: the send time plus the TTL. */
  endsAt: number;
  /** The window's end by the Redis server's clock. */
  window: number;
}

/** A client's points this replica holds for the current window. */
interface Block {
  /** Taken from Redis, not yet spent. */
  tokens: number;
  /** The window's count in Redis at the last answer (this replica's unspent tokens included). */
  used: number;
  endsAt: number;
  window: number;
  /** A take in flight; it settles with its error when Redis failed. */
  refill?: Promise<unknown>;
}

/** The decision on a request's points. */
export interface Verdict {
  admitted: boolean;
  /** Points the client has left in the window, as far as this replica knows. */
  remaining: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

/** Thrown when Redis cannot be asked (not connected): the caller limits some other way. */
export class RedisNotReady extends Error {
  constructor() {
    super('redis is not connected');
    this.name = 'RedisNotReady';
  }
}

export interface TokenBlocksOptions {
  redis: Redis;
  /** The most points one take may move from Redis to this replica; 1 keeps nothing locally. */
  blockMax: number;
}

export interface TokenBlocks {
  /**
   * Charges `points` to the client's window of `budget` under `key`. Rejects when Redis could not
   * answer (the caller falls back); a refusal is a verdict, not an error.
   */
  take(key: string, budget: RateLimitBudget, points: number): Promise<Verdict>;
}

/**
 * Fixed-window budgets counted in Redis and spent from local blocks: a replica takes a small
 * block of a client's points in one call and spends it from memory, so a busy client costs one
 * Redis call per block instead of one per request. Blocks hold at most `blockMax` points and an
 * eighth of what the window has left (a client near its budget gets blocks of one), points are
 * only ever taken while they are left, and a block dies with its window. So all replicas
 * together never admit a client more than its budget in a window; what a replica holds unspent
 * is at most one block per client. Concurrent requests of one client on one replica wait
 * for a single take. Once Redis has refused a window's points, this replica refuses the client
 * without asking again until the window ends (counts never go down within a window).
 *
 * With `blockMax` 1 nothing is kept: every charge is one Redis call, exact at every request.
 *
 * @example const blocks = createTokenBlocks({ redis, blockMax: 32 }); await blocks.take('ratelimit:1000/1:tenant:acme', { requests: 1000, periodS: 1 }, 1);
 */
export function createTokenBlocks(options: TokenBlocksOptions): TokenBlocks {
  const { blockMax } = options;
  options.redis.defineCommand('rateLimitTake', { numberOfKeys: 1, lua: TAKE });
  // defineCommand adds the method at run time; ioredis cannot type it.
  const redis = options.redis as Redis & TakeCommand;
  const blocks = new Map<string, Block>();

  const ask = async (key: string, budget: RateLimitBudget, need: number): Promise<Answer> => {
    // A disconnected client would refuse the command anyway; this spares the attempt.
    if (redis.status !== 'ready') throw new RedisNotReady();
    const sentAt = Date.now();
    const [taken, used, ttlMs, window] = await redis.rateLimitTake(
      key,
      budget.requests,
      budget.periodS,
      need,
      blockMax,
      BLOCK_SHARE_OF_LEFT,
    );
    return { taken, used, endsAt: sentAt + ttlMs, window };
  };

  const verdict = (admitted: boolean, budget: RateLimitBudget, block: Block): Verdict => ({
    admitted,
    remaining: Math.max(0, budget.requests - block.used + block.tokens),
    resetMs: Math.max(0, block.endsAt - Date.now()),
  });

  if (blockMax <= 1) {
    return {
      async take(key, budget, points) {
        const answer = await ask(key, budget, points);
        return verdict(answer.taken > 0, budget, { ...answer, tokens: 0 });
      },
    };
  }

  const keep = (key: string, block: Block) => {
    blocks.delete(key);
    if (blocks.size >= MAX_KEPT_CLIENTS) {
      for (const [oldest, kept] of blocks) {
        if (kept.refill) continue;
        blocks.delete(oldest);
        break;
      }
    }
    blocks.set(key, block);
  };

  /**
   * Takes what `points` lacks from Redis: the live block's tokens plus the rest, which Redis
   * tops up to a block. Undefined when the window turned meanwhile: the caller tries again
   * with the new window's block.
   */
  const refill = async (
    key: string,
    budget: RateLimitBudget,
    points: number,
    block: Block,
    live: boolean,
  ): Promise<Verdict | undefined> => {
    // A past window's tokens are dropped, never spent in the next.
    const reserved = live ? block.tokens : 0;
    block.tokens = 0;
    const need = points - reserved;
    let answer: Answer;
    try {
      answer = await ask(key, budget, need);
    } catch (err) {
      block.tokens += reserved;
      throw err;
    }
    // Two answers of one window name the same end; the next window ends a whole period later.
    const sameWindow = live && Math.abs(answer.window - block.window) < budget.periodS * 500;
    block.used = answer.used;
    block.endsAt = answer.endsAt;
    block.window = answer.window;
    if (answer.taken === 0) {
      if (sameWindow) block.tokens += reserved;
      return verdict(false, budget, block);
    }
    if (!sameWindow && reserved > 0) {
      block.tokens += answer.taken;
      return undefined;
    }
    block.tokens += answer.taken - need;
    return verdict(true, budget, block);
  };

  return {
    async take(key, budget, points) {
      for (;;) {
        let block = blocks.get(key);
        const live = block !== undefined && block.endsAt > Date.now();
        if (block && live && block.tokens >= points) {
          block.tokens -= points;
          return verdict(true, budget, block);
        }
        if (block?.refill) {
          const failure = await block.refill;
          if (failure) throw failure;
          continue;
        }
        if (block && live && budget.requests - block.used < points - block.tokens) {
          return verdict(false, budget, block);
        }
        if (!block || !live) {
          block = { tokens: 0, used: 0, endsAt: 0, window: 0 };
          keep(key, block);
        }
        const taking = refill(key, budget, points, block, live);
        const settled = (block.refill = taking.then(
          () => undefined,
          (err: unknown) => err,
        ));
        try {
          const decided = await taking;
          if (decided) return decided;
        } finally {
          if (block.refill === settled) delete block.refill;
        }
      }
    },
  };
}
