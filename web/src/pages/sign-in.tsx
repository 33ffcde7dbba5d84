/** Sign-in with an API token. The token is checked against the API, then kept in this tab's sessionStorage. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ProblemMessage } from '../components/problem-message.tsx';
import { TextField } from '../components/fields.tsx';
import { useTitle } from '../lib/router.tsx';

export function SignInPage({ notice, onSignIn }: { notice: string | null; onSignIn: (token: string) => Promise<unknown> }): ReactNode {
  useTitle('Sign in');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await onSignIn(token.trim());
    setBusy(false);
    if (failure) setError(failure);
  };
  return (
    <main className="signin" id="main">
      <h1>Sign in to Capstan</h1>
      {notice && <p className="notice" role="status">Signed out: {notice}</p>}
      <form onSubmit={(e) => { void submit(e); }} aria-describedby="signin-help">
        <TextField label="API token" type="password" value={token} onChange={setToken} required autoComplete="current-password" name="token" />
        <p id="signin-help" className="hint">
          Use an API token (the admin token printed on first start, or one made with <code>capstan tokens create</code>).
          It is kept only in this browser tab until you sign out or close it.
        </p>
        <ProblemMessage error={error} />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
