import { useEffect, useState } from 'react';
import {
  conditionalGet,
  describeProblem,
  type Conversation,
  type Message,
  type MessageEvent,
} from '../api/client';
import { markSeen } from '../api/session';
import { useSession } from '../console-context';
import { Link } from '../routing/router';
import { ComposeBox } from './compose-box';
import { ChannelIcon, formatTime, StatusChip } from './format';

const PAGE_SIZE = 50;

/**
 * One conversation as a chat: its messages oldest to newest (the newest page kept current by
 * the live source), each opening its lifecycle on click, and a compose box to answer.
 */
export function ConversationView({ id }: { id: string }) {
  const { api, live } = useSession();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [latest, setLatest] = useState<Message[] | null>(null);
  const [earlier, setEarlier] = useState<Message[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let first = true;
    void api
      .GET('/api/v1/conversations/{id}', { params: { path: { id } } })
      .then(({ data, error: problem, response }) => {
        if (data) setConversation(data);
        else setError(describeProblem(problem, response));
      });
    return live.watch(
      (etag) =>
        conditionalGet(
          (init) =>
            api.GET('/api/v1/messages', {
              params: { query: { conversation_id: id, limit: PAGE_SIZE } },
              ...init,
            }),
          etag,
        ),
      {
        onData(page) {
          setLatest(page.data);
          if (first) setCursor(page.next_cursor);
          first = false;
        },
        onRefused: (err) => setError(err.message),
      },
      // Only this conversation's events change its messages (and the open lifecycle with them).
      { conversationId: id },
    );
  }, [api, live, id]);

  // Opening a conversation reads it.
  useEffect(() => {
    if (conversation && latest?.[0]) markSeen(conversation.id, latest[0].created_at);
  }, [conversation, latest]);

  const loadEarlier = async () => {
    if (!cursor) return;
    const {
      data,
      error: problem,
      response,
    } = await api.GET('/api/v1/messages', {
      params: { query: { conversation_id: id, limit: PAGE_SIZE, cursor } },
    });
    if (!data) return setError(describeProblem(problem, response));
    setEarlier((before) => [...before, ...data.data]);
    setCursor(data.next_cursor);
  };

  if (error && !conversation) {
    return (
      <section className="panel" aria-labelledby="conversation-title">
        <h1 id="conversation-title">Conversation not available</h1>
        <p className="error" role="alert">
          {error}
        </p>
        <p>
          <Link to="/">Back to the inbox</Link>
        </p>
      </section>
    );
  }
  if (!conversation || !latest) return <p aria-busy="true">Loading the conversation…</p>;

  const ids = new Set(latest.map((m) => m.id));
  // Both pages are newest first; the thread reads oldest first.
  const thread = [...latest, ...earlier.filter((m) => !ids.has(m.id))].reverse();

  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header className="conversation-header">
        <Link to="/" className="back">
          ← Inbox
        </Link>
        <h1 id="conversation-title">
          <ChannelIcon channel={conversation.channel} /> {conversation.participants.join(' · ')}
        </h1>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {cursor && (
        <button type="button" className="quiet" onClick={() => void loadEarlier()}>
          Load earlier messages
        </button>
      )}
      <ol className="thread" aria-label="Messages">
        {thread.map((m) => (
          <MessageBubble key={m.id} message={m} />
        ))}
      </ol>
      <ComposeBox conversation={conversation} thread={thread} onSent={() => live.refresh()} />
    </section>
  );
}

function MessageBubble({ message: m }: { message: Message }) {
  const [open, setOpen] = useState(false);
  const panelId = `timeline-${m.id}`;
  return (
    <li className={`bubble ${m.direction}`} data-message-id={m.id}>
      <button
        type="button"
        className="bubble-body"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sr-only">{m.direction === 'inbound' ? 'Received' : 'Sent'}: </span>
        {m.subject && <strong className="subject">{m.subject}</strong>}
        <span className="text">{m.body}</span>
        <span className="meta">
          <ChannelIcon channel={m.type} />
          <time dateTime={m.created_at}>{formatTime(m.created_at)}</time>
          <StatusChip status={m.status} />
        </span>
      </button>
      <Attachments urls={m.attachments} />
      {open && <Timeline id={panelId} message={m} />}
    </li>
  );
}

function Attachments({ urls }: { urls: string[] }) {
  if (urls.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {urls.map((url) => {
        const name = decodeURIComponent(
          new URL(url, window.location.href).pathname.split('/').pop() ?? url,
        );
        return (
          <li key={url}>
            {/\.(png|jpe?g|gif|webp)$/i.test(name) ? (
              <a href={url} target="_blank" rel="noreferrer">
                <img src={url} alt={`Attachment ${name}`} loading="lazy" />
              </a>
            ) : (
              <a href={url} target="_blank" rel="noreferrer">
                {name}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** A message's lifecycle, read again whenever the message itself changes. */
function Timeline({ id, message }: { id: string; message: Message }) {
  const { api, live } = useSession();
  const [events, setEvents] = useState<MessageEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);

  useEffect(() => {
    void api
      .GET('/api/v1/messages/{id}/events', { params: { path: { id: message.id } } })
      .then(({ data, error: problem, response }) =>
        data ? setEvents(data.data) : setError(describeProblem(problem, response)),
      );
  }, [api, message.id, message.updated_at]);

  const retry = async () => {
    setRetrying(true);
    const { error: problem, response } = await api.POST('/api/v1/messages/{id}/retry', {
      params: { path: { id: message.id } },
    });
    setRetrying(false);
    if (!response.ok) setError(describeProblem(problem, response));
    live.refresh();
  };

  return (
    <div id={id} className="timeline" aria-label="Lifecycle">
      <dl className="details">
        <dt>Provider</dt>
        <dd>{message.provider ?? '—'}</dd>
        <dt>Provider id</dt>
        <dd>{message.provider_message_id ?? '—'}</dd>
        {message.segments !== null && (
          <>
            <dt>Segments</dt>
            <dd>
              {message.segments} ({message.encoding})
            </dd>
          </>
        )}
        {message.error_code && (
          <>
            <dt>Error</dt>
            <dd className="error-text">
              {message.error_code}: {message.error_message}
            </dd>
          </>
        )}
        {message.answered_by && (
          <>
            <dt>Answered by</dt>
            <dd>{message.answered_by}</dd>
          </>
        )}
      </dl>
      {error && <p className="error">{error}</p>}
      {events === null ? (
        <p aria-busy="true">Loading its lifecycle…</p>
      ) : (
        <ol className="events">
          {events.map((e) => (
            <li key={e.id} className={e.applied ? undefined : 'not-applied'}>
              <StatusChip status={e.status} />
              <time dateTime={e.occurred_at}>{formatTime(e.occurred_at)}</time>
              {e.provider && <span>via {e.provider}</span>}
              {e.provider_message_id && <code>{e.provider_message_id}</code>}
              {e.error_code && (
                <span className="error-text">
                  {e.error_code}
                  {e.error_message ? `: ${e.error_message}` : ''}
                </span>
              )}
              {e.answered_by && <span>answered by {e.answered_by}</span>}
              {!e.applied && <span>(arrived late; not applied)</span>}
            </li>
          ))}
        </ol>
      )}
      {message.direction === 'outbound' && message.status === 'failed' && (
        <button type="button" onClick={() => void retry()} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </div>
  );
}
