import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createApi, eventStreamOpener, type RateLimitStatus } from './api/client';
import { forgetCredential, storeCredential, storedCredential } from './api/session';
import { SessionContext, type ConsoleSession } from './console-context';
import { liveSource, type ConnectionState, type LiveSource } from './live/live-source';
import { Link, routeOf, usePathname } from './routing/router';
import { ConversationView } from './views/conversation-view';
import { InboxView } from './views/inbox-view';
import { OperationsView } from './views/operations-view';
import { SignInView } from './views/sign-in-view';

export function App() {
  const [credential, setCredential] = useState<string | null>(() => storedCredential());
  const signOut = useCallback(() => {
    forgetCredential();
    setCredential(null);
  }, []);
  if (!credential) {
    return (
      <SignInView
        onSignedIn={(value) => {
          storeCredential(value);
          setCredential(value);
        }}
      />
    );
  }
  return <SignedIn credential={credential} onSignOut={signOut} />;
}

function SignedIn({ credential, onSignOut }: { credential: string; onSignOut: () => void }) {
  const rateLimit = useRef<RateLimitStatus | undefined>(undefined);
  const api = useMemo(
    () => createApi(credential, (status) => (rateLimit.current = status)),
    [credential],
  );
  // Started and stopped with the view (twice over in development's strict mode): signing out
  // ends the event stream.
  const [live, setLive] = useState<LiveSource | null>(null);
  useEffect(() => {
    const source = liveSource(eventStreamOpener(credential));
    setLive(source);
    return () => source.stop();
  }, [api, credential]);
  const session = useMemo<ConsoleSession | null>(
    () => (live ? { api, live, rateLimit: () => rateLimit.current, signOut: onSignOut } : null),
    [api, live, onSignOut],
  );
  const route = routeOf(usePathname());
  if (!session) return null;

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Switchboard
        </Link>
        <nav aria-label="Console">
          <ul>
            <li>
              <Link to="/" aria-current={route.name === 'inbox' ? 'page' : undefined}>
                Inbox
              </Link>
            </li>
            <li>
              <Link
                to="/operations"
                aria-current={route.name === 'operations' ? 'page' : undefined}
              >
                Operations
              </Link>
            </li>
          </ul>
        </nav>
        <ConnectionIndicator live={session.live} />
        <button type="button" className="quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route.name === 'inbox' && <InboxView />}
        {route.name === 'conversation' && <ConversationView key={route.id} id={route.id} />}
        {route.name === 'operations' && <OperationsView />}
        {route.name === 'not-found' && (
          <section className="panel">
            <h1>Page not found</h1>
            <p>
              <Link to="/">Back to the inbox</Link>
            </p>
          </section>
        )}
      </main>
    </SessionContext.Provider>
  );
}

const STATE_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Polling',
  offline: 'Offline',
};

const STATE_TITLES: Record<ConnectionState, string> = {
  connecting: 'Opening the event stream',
  live: 'Updates arrive as they happen (event stream)',
  polling: 'The event stream is unavailable: updates are checked every few seconds',
  offline: 'The API cannot be reached: retrying',
};

/**
 * How the console hears the API: live over the event stream, polling while the stream is
 * unavailable, or offline.
 */
function ConnectionIndicator({ live }: { live: LiveSource }) {
  const state = useSyncExternalStore(live.onStateChange, live.state);
  return (
    <p
      className={`connection connection-${state}`}
      role="status"
      data-state={state}
      title={STATE_TITLES[state]}
    >
      <span className="dot" aria-hidden="true" />
      {STATE_LABELS[state]}
    </p>
  );
}
