import { useEffect, useState } from 'react';
import { conditionalGet, describeProblem, type Message } from '../api/client';
import { useSession } from '../console-context';
import { Link } from '../routing/router';
import { formatTime } from './format';
import { ProviderHealthPanel } from './provider-health-panel';

/** A dead letter: a message failed because its retries were used up, not refused outright. */
const DEAD_LETTER_CODES = ['attempts_exhausted', 'max_deliveries'] as const;
const isDeadLetter = (m: Message) =>
  (DEAD_LETTER_CODES as readonly (string | null)[]).includes(m.error_code);

type Shown = 'failed' | 'dead_letters';

/**
 * What needs an operator: how the providers fare, outbound messages that failed — all of them,
 * or only the dead letters (retries used up) — with their reasons and a retry, and how much of
 * the tenant's request budget is left.
 */
export function OperationsView() {
  const { api, live, rateLimit } = useSession();
  const [failed, setFailed] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown>('failed');
  const budget = rateLimit();

  useEffect(() => {
    setFailed(null);
    const query = {
      status: 'failed' as const,
      direction: 'outbound' as const,
      limit: 50,
      ...(shown === 'dead_letters' ? { error_code: DEAD_LETTER_CODES.join(',') } : {}),
    };
    return live.watch(
      (etag) =>
        conditionalGet((init) => api.GET('/api/v1/messages', { params: { query }, ...init }), etag),
      { onData: (page) => setFailed(page.data), onRefused: (err) => setError(err.message) },
    );
  }, [api, live, shown]);

  const retry = async (message: Message) => {
    const { error: problem, response } = await api.POST('/api/v1/messages/{id}/retry', {
      params: { path: { id: message.id } },
    });
    if (!response.ok) return setError(describeProblem(problem, response));
    setNotice(`Message to ${message.to} queued again.`);
    live.refresh();
  };

  return (
    <section className="operations" aria-labelledby="operations-title">
      <h1 id="operations-title">Operations</h1>
      <ProviderHealthPanel />
      <section className="panel" aria-labelledby="budget-title">
        <h2 id="budget-title">Rate limit</h2>
        {budget ? (
          <p>
            <strong>{budget.remaining}</strong> of {budget.limit} requests left; whole again in{' '}
            {budget.resetS} s (as of {budget.seenAt.toLocaleTimeString()}).
          </p>
        ) : (
          <p>No rate limit reported: this gateway does not limit requests.</p>
        )}
      </section>
      <section className="panel" aria-labelledby="failed-title">
        <h2 id="failed-title">Failed messages</h2>
        <label className="shown">
          Show
          <select value={shown} onChange={(e) => setShown(e.target.value as Shown)}>
            <option value="failed">Every failed message</option>
            <option value="dead_letters">Dead letters: retries used up</option>
          </select>
        </label>
        {notice && <p role="status">{notice}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {failed === null ? (
          <p aria-busy="true">Loading…</p>
        ) : failed.length === 0 ? (
          <p>{shown === 'dead_letters' ? 'No dead letters.' : 'No failed messages.'}</p>
        ) : (
          <table className="failed">
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Message</th>
                <th scope="col">Reason</th>
                <th scope="col">Failed</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.map((m) => (
                <tr key={m.id} data-message-id={m.id}>
                  <td>
                    <Link to={`/conversations/${m.conversation_id}`}>{m.to}</Link>
                  </td>
                  <td className="preview">{m.subject ?? m.body}</td>
                  <td className="reason">
                    {isDeadLetter(m) && <span className="badge">dead letter</span>}
                    {m.error_code ?? 'unknown'}
                    {m.error_message ? `: ${m.error_message}` : ''}
                    {m.provider ? ` (${m.provider})` : ''}
                  </td>
                  <td>
                    <time dateTime={m.updated_at}>{formatTime(m.updated_at)}</time>
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Retry the message to ${m.to}`}
                      onClick={() => void retry(m)}
                    >
                      Retry
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
