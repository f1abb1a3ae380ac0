import { useEffect, useState, type FormEvent } from 'react';
import { createApi, describeProblem } from '../api/client';

/**
 * Sign-in with an API key (`sb_live_…`) or a JWT from the tenant's identity provider: checked by
 * reading the tenant's conversations, then kept in this tab's session storage only.
 */
export function SignInView({ onSignedIn }: { onSignedIn: (credential: string) => void }) {
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    performance.mark('console:interactive');
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = credential.trim();
    if (!value) {
      setError('Enter an API key or a token.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { error: problem, response } = await createApi(value).GET('/api/v1/conversations', {
        params: { query: { limit: 1 } },
      });
      if (response.ok) onSignedIn(value);
      else setError(describeProblem(problem, response));
    } catch {
      setError('The API could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Switchboard console</h1>
        <p>Sign in with an API key of your tenant, or a token from your identity provider.</p>
        <label htmlFor="credential">API key or token</label>
        <input
          id="credential"
          name="credential"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
          required
        />
        {error && (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">The key is kept in this tab only and forgotten when you close it.</p>
      </form>
    </main>
  );
}
