import pg from 'pg';
import { createDb, ensureDatabase, migrateToLatest } from '@switchboard/db';

/** Bump when the generated data changes shape: a seed of another version is redone. */
const SEED_VERSION = 1;
const MESSAGES_PER_CONVERSATION = 10;
const CONVERSATIONS_PER_SENDER = 500;
/** Messages per INSERT … SELECT statement (each its own transaction, for progress). */
const CHUNK_ROWS = 250_000;
/** Statements (and index builds) at once: one per core on the machine this was tuned on. */
const PARALLEL = 2;
/** Spread of `created_at`: the last 180 days. */
const SPAN_DAYS = 180;
/** Each rare search token (`ref<k>`) is in about this many messages. */
const RARE_TOKEN_MESSAGES = 100;

/**
 * Words message bodies are drawn from: three per body, so each word is in roughly one body in
 * ten — a common search term — beside one rare `ref<k>` token.
 */
const WORDS = [
  'order',
  'shipped',
  'delivery',
  'tomorrow',
  'payment',
  'received',
  'thanks',
  'appointment',
  'confirmed',
  'reminder',
  'table',
  'ready',
  'pickup',
  'invoice',
  'account',
  'code',
  'verify',
  'welcome',
  'update',
  'schedule',
  'refund',
  'package',
  'arrived',
  'question',
  'support',
  'ticket',
  'closed',
  'meeting',
  'moved',
  'call',
] as const;

export const COMMON_WORD = WORDS[0];

/** The shape of the seeded data, so the query benchmark can pick real participants and words. */
export interface SeedShape {
  rows: number;
  conversations: number;
  senders: number;
  /** `ref<k>` tokens exist for k in [0, rareTokens). */
  rareTokens: number;
}

export function seedShape(rows: number): SeedShape {
  const conversations = Math.max(1, Math.round(rows / MESSAGES_PER_CONVERSATION));
  return {
    rows,
    conversations,
    senders: Math.max(1, Math.ceil(conversations / CONVERSATIONS_PER_SENDER)),
    rareTokens: Math.max(1, Math.floor(rows / RARE_TOKEN_MESSAGES)),
  };
}

/** Conversation `n` (from 1): its id and participants, as the seed SQL writes them. */
export function seededConversation(shape: SeedShape, n: number) {
  return {
    id: `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    sender: `+1555${String(1_000_000 + (n % shape.senders)).padStart(7, '0')}`,
    recipient: `+1202${String(n).padStart(7, '0')}`,
  };
}

// The SQL twins of seededConversation(): keep them in step.
const conversationIdSql = (n: string) =>
  `('00000000-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const senderSql = (n: string, shape: SeedShape) =>
  `'+1555' || lpad((1000000 + (${n} % ${shape.senders}))::text, 7, '0')`;
const recipientSql = (n: string) => `'+1202' || lpad(${n}::text, 7, '0')`;
const createdAtSql = (m: string, shape: SeedShape) =>
  `($1::timestamptz + (${m}::float8 / ${shape.rows}) * interval '${SPAN_DAYS} days')`;
const wordsSql = `array[${WORDS.map((w) => `'${w}'`).join(', ')}]::text[]`;

function conversationsInsert(shape: SeedShape): string {
  const { conversations: c } = shape;
  // Conversation n holds messages n, n + C, n + 2C, …: `count` of them, the last one `last`.
  return `
    insert into conversations (id, tenant_id, channel, participant_a, participant_b, message_count,
      outbound_seq, last_message_at, last_message_preview, created_at)
    select ${conversationIdSql('n')}, 'development', 'phone', ${recipientSql('n')}, ${senderSql('n', shape)},
      count, count - count / 3, ${createdAtSql('last', shape)}, 'Your order has shipped', ${createdAtSql('n', shape)}
    from (
      select n, count, n + ${c}::bigint * (count - 1) as last
      from (select n, (${shape.rows} - n) / ${c} + 1 as count from generate_series(1, ${c}) n) counted
    ) c`;
}

function messagesInsert(shape: SeedShape, from: number, to: number): string {
  const n = WORDS.length;
  return `
    insert into messages (id, tenant_id, conversation_id, direction, type, from_addr, to_addr, body,
      attachments, status, provider, provider_message_id, encoding, segments, dispatch_seq,
      created_at, updated_at)
    select ('00000001-0000-7000-8000-' || lpad(to_hex(m), 12, '0'))::uuid, 'development',
      ${conversationIdSql('c')},
      case when m % 3 = 0 then 'inbound' else 'outbound' end, 'sms',
      case when m % 3 = 0 then ${recipientSql('c')} else ${senderSql('c', shape)} end,
      case when m % 3 = 0 then ${senderSql('c', shape)} else ${recipientSql('c')} end,
      w[1 + (m * 7) % ${n}] || ' ' || w[1 + (m * 13 + 3) % ${n}] || ' ' || w[1 + (m * 29 + 5) % ${n}]
        || ' ref' || (m % ${shape.rareTokens}),
      '[]'::jsonb,
      case when m % 3 = 0 then 'received' else 'delivered' end, 'twilio',
      'SM' || lpad(to_hex(m), 32, '0'), 'GSM-7', 1,
      case when m % 3 = 0 then null else (m - 1) / ${shape.conversations} + 1 end,
      ${createdAtSql('m', shape)}, ${createdAtSql('m', shape)}
    from (select m, (m - 1) % ${shape.conversations} + 1 as c from generate_series(${from}::bigint, ${to}::bigint) m) g,
      (select ${wordsSql} as w) words`;
}

async function withClient<T>(url: string, task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

/** Runs tasks with at most `limit` at once. */
async function inParallel(limit: number, tasks: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

export interface SeedOutcome {
  reused: boolean;
  seconds: number;
  size_mb: number;
}

/**
 * Fills a database with `rows` messages over a tenth as many conversations, directly in
 * PostgreSQL (`INSERT … SELECT generate_series`): secondary indexes dropped first and built
 * once at the end, foreign-key triggers off for the load (the rows are consistent by
 * construction), then VACUUM ANALYZE. A database already seeded the same way is reused.
 */
export async function seedDatabase(
  url: string,
  rows: number,
  log: (message: string) => void,
): Promise<SeedOutcome> {
  const shape = seedShape(rows);
  const started = performance.now();
  await ensureDatabase(url);
  const database = createDb({ url, poolMax: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  const sizeMb = () =>
    withClient(url, async (client) => {
      const { rows: size } = await client.query<{ mb: string }>(
        'select pg_database_size(current_database()) / 1048576 as mb',
      );
      return Number(size[0]?.mb ?? 0);
    });

  const reused = await withClient(url, async (client) => {
    await client.query(
      'create table if not exists bench_seed (rows bigint not null, version int not null, seeded_at timestamptz not null default now())',
    );
    const { rows: marks } = await client.query<{ rows: string; version: number }>(
      'select rows, version from bench_seed',
    );
    return (
      marks.length === 1 && Number(marks[0]!.rows) === rows && marks[0]!.version === SEED_VERSION
    );
  });
  if (reused) {
    log(`data: ${url.split('/').pop()} already holds the ${rows}-message seed; reusing it`);
    return { reused, seconds: 0, size_mb: await sizeMb() };
  }

  const base = new Date(Date.now() - SPAN_DAYS * 86_400_000);
  const indexes = await withClient(url, async (client) => {
    await client.query('delete from bench_seed');
    await client.query(
      'truncate conversations, messages, message_events, outbox, dispatch_ledger, dispatch_sequences, pending_status_events cascade',
    );
    // Secondary indexes (not those backing a constraint) are built once, after the load.
    const { rows: found } = await client.query<{ indexname: string; indexdef: string }>(`
      select indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename in ('messages', 'conversations')
        and indexname not in (select conname from pg_constraint)`);
    for (const index of found) await client.query(`drop index "${index.indexname}"`);
    log(`data: seeding ${shape.conversations} conversations`);
    await client.query(conversationsInsert(shape), [base]);
    return found;
  });

  const chunks: (() => Promise<void>)[] = [];
  let done = 0;
  for (let from = 1; from <= rows; from += CHUNK_ROWS) {
    const to = Math.min(rows, from + CHUNK_ROWS - 1);
    chunks.push(() =>
      withClient(url, async (client) => {
        // Foreign keys are not checked row by row (the rows reference seeded conversations).
        await client.query("set session_replication_role = 'replica'");
        await client.query('set synchronous_commit = off');
        await client.query(messagesInsert(shape, from, to), [base]);
        done += to - from + 1;
        log(`data: ${done}/${rows} messages`);
      }),
    );
  }
  await inParallel(PARALLEL, chunks);

  log(`data: building ${indexes.length} indexes`);
  await inParallel(
    PARALLEL,
    indexes.map(
      (index) => () =>
        withClient(url, async (client) => {
          await client.query("set maintenance_work_mem = '256MB'");
          await client.query(index.indexdef);
        }),
    ),
  );
  await withClient(url, async (client) => {
    await client.query('vacuum analyze conversations');
    await client.query('vacuum analyze messages');
    await client.query('insert into bench_seed (rows, version) values ($1, $2)', [
      rows,
      SEED_VERSION,
    ]);
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(`data: seeded in ${seconds} s`);
  return { reused: false, seconds, size_mb: await sizeMb() };
}
