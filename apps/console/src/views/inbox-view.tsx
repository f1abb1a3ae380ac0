import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { conditionalGet, describeProblem, type Conversation, type Message } from '../api/client';
import { seenAt } from '../api/session';
import { useSession } from '../console-context';
import { Link } from '../routing/router';
import { ChannelIcon, formatTime, Highlighted } from './format';

const PAGE_SIZE = 25;

type Channel = 'all' | Conversation['channel'];

interface SearchHits {
  query: string;
  data: { conversation: Conversation; messages: Message[] }[];
}

/** Newest activity first (the list endpoint's order), without repeats. */
function merge(head: Conversation[], older: Conversation[]): Conversation[] {
  const ids = new Set(head.map((c) => c.id));
  return [...head, ...older.filter((c) => !ids.has(c.id))];
}

/**
 * The inbox: the tenant's conversations by last activity, kept current by the live source, with
 * older pages on demand, a participant and channel filter (both applied by the API, so every
 * page is filtered) and full-text search.
 */
export function InboxView() {
  const { api, live } = useSession();
  const [participant, setParticipant] = useState('');
  const [appliedParticipant, setAppliedParticipant] = useState('');
  const [channel, setChannel] = useState<Channel>('all');
  const [head, setHead] = useState<Conversation[] | null>(null);
  const [older, setOlder] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [hits, setHits] = useState<SearchHits | null>(null);

  useEffect(() => {
    setHead(null);
    setOlder([]);
    setError(null);
    const query = {
      limit: PAGE_SIZE,
      ...(appliedParticipant ? { participant: appliedParticipant } : {}),
      ...(channel !== 'all' ? { channel } : {}),
    };
    let first = true;
    return live.watch(
      (etag) =>
        conditionalGet(
          (init) => api.GET('/api/v1/conversations', { params: { query }, ...init }),
          etag,
        ),
      {
        onData(page) {
          setHead(page.data);
          setError(null);
          // Later pages continue from the first one's cursor only until the head moves on.
          if (first) setCursor(page.next_cursor);
          first = false;
        },
        onRefused: (err) => setError(err.message),
      },
    );
  }, [api, live, appliedParticipant, channel]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    const {
      data,
      error: problem,
      response,
    } = await api.GET('/api/v1/conversations', {
      params: {
        query: {
          limit: PAGE_SIZE,
          cursor,
          ...(appliedParticipant ? { participant: appliedParticipant } : {}),
          ...(channel !== 'all' ? { channel } : {}),
        },
      },
    });
    setLoadingMore(false);
    if (!data) return setError(describeProblem(problem, response));
    setOlder((before) => [...before, ...data.data]);
    setCursor(data.next_cursor);
  };

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const query = searchText.trim();
    if (!query) return setHits(null);
    const {
      data,
      error: problem,
      response,
    } = await api.POST('/api/v1/conversations/search', {
      body: { query, limit: 20 },
    });
    if (!data) return setError(describeProblem(problem, response));
    setHits({ query, data: data.data });
  };

  const conversations = useMemo(() => merge(head ?? [], older), [head, older]);

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <h1 id="inbox-title">Inbox</h1>
      <div className="toolbar">
        <form
          className="filters"
          role="search"
          aria-label="Conversation filters"
          onSubmit={(e) => {
            e.preventDefault();
            setAppliedParticipant(participant.trim());
          }}
        >
          <label>
            Participant
            <input
              type="search"
              value={participant}
              placeholder="+1 555 123 4567 or name@example.com"
              onChange={(e) => setParticipant(e.target.value)}
            />
          </label>
          <label>
            Channel
            <select value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
              <option value="all">All channels</option>
              <option value="phone">SMS and calls</option>
              <option value="email">Email</option>
            </select>
          </label>
          <button type="submit">Filter</button>
        </form>
        <form
          className="filters"
          role="search"
          aria-label="Message search"
          onSubmit={(e) => void search(e)}
        >
          <label>
            Search messages
            <input
              type="search"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
            />
          </label>
          <button type="submit">Search</button>
        </form>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {hits && <SearchResults hits={hits} onClose={() => setHits(null)} />}
      {head === null && !error ? (
        <p aria-busy="true">Loading conversations…</p>
      ) : conversations.length === 0 ? (
        <p>No conversations yet.</p>
      ) : (
        <ul className="conversations" aria-label="Conversations">
          {conversations.map((c) => (
            <ConversationItem key={c.id} conversation={c} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

function ConversationItem({ conversation: c }: { conversation: Conversation }) {
  const seen = seenAt(c.id);
  const unread = !!c.last_message_at && (!seen || seen < c.last_message_at);
  return (
    <li className={unread ? 'unread' : undefined}>
      <Link to={`/conversations/${c.id}`} className="conversation-link">
        <ChannelIcon channel={c.channel} />
        <span className="participants">{c.participants.join(' · ')}</span>
        {unread && <span className="badge">New</span>}
        <time dateTime={c.last_message_at ?? undefined}>{formatTime(c.last_message_at)}</time>
        <span className="preview">{c.last_message_preview ?? ''}</span>
      </Link>
    </li>
  );
}

function SearchResults({ hits, onClose }: { hits: SearchHits; onClose: () => void }) {
  return (
    <section className="panel search-results" aria-labelledby="search-title">
      <h2 id="search-title">
        {hits.data.length} conversation{hits.data.length === 1 ? '' : 's'} match “{hits.query}”
      </h2>
      <ul>
        {hits.data.map(({ conversation, messages }) => (
          <li key={conversation.id}>
            <Link to={`/conversations/${conversation.id}`}>
              {conversation.participants.join(' · ')}
            </Link>
            <ul>
              {messages.map((m) => (
                <li key={m.id} className="hit">
                  <Highlighted
                    text={m.subject ? `${m.subject} — ${m.body}` : m.body}
                    query={hits.query}
                  />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <button type="button" className="quiet" onClick={onClose}>
        Close search
      </button>
    </section>
  );
}
