/**
 * The app shell: without a session it shows the sign-in page; with one, the navigation and the page matched by
 * the current path. The token is checked with GET /api/v1/session before any page loads; its answer also gives the
 * token's role, which decides which navigation entries and admin-only controls are offered.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { CapstanApiError, type Account, type Permission, type Role } from '../../client/index.ts';
import { ProblemMessage } from './components/problem-message.tsx';
import { SessionContext, type Session } from './lib/api-context.tsx';
import { Link, matchPath, useLocation } from './lib/router.tsx';
import { clientFor, forgetToken, saveToken, savedToken } from './lib/session.ts';
import { ROUTES, NAVIGATION } from './routes.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { NotFoundPage } from './pages/not-found.tsx';

type Gate =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out'; readonly notice: string | null }
  | { readonly kind: 'signed-in'; readonly token: string; readonly account: Account; readonly role: Role; readonly permissions: readonly Permission[] }
  | { readonly kind: 'failed'; readonly error: unknown; readonly token: string };

export function App(): ReactNode {
  const [gate, setGate] = useState<Gate>(() => (savedToken() ? { kind: 'checking' } : { kind: 'signed-out', notice: null }));

  const check = useCallback(async (token: string): Promise<unknown> => {
    try {
      const { account, token: { role, permissions } } = await clientFor(token).getSession();
      saveToken(token);
      setGate({ kind: 'signed-in', token, account, role, permissions });
      return null;
    } catch (error) {
      if (error instanceof CapstanApiError && error.status === 401) {
        forgetToken();
        setGate({ kind: 'signed-out', notice: null });
      } else setGate({ kind: 'failed', error, token });
      return error;
    }
  }, []);

  useEffect(() => {
    const token = savedToken();
    if (token && gate.kind === 'checking') void check(token);
  }, [check, gate.kind]);

  const signOut = useCallback((reason?: string) => {
    forgetToken();
    setGate({ kind: 'signed-out', notice: reason ?? null });
  }, []);

  // One client per signed-in gate: pages keep it across renders, a new sign-in makes a new one.
  const session = useMemo<Session | null>(
    () => (gate.kind === 'signed-in' ? { client: clientFor(gate.token), account: gate.account, role: gate.role, permissions: gate.permissions, signOut } : null),
    [gate, signOut],
  );

  if (gate.kind === 'checking') return <p className="loading" role="status">Checking the saved token…</p>;
  if (gate.kind === 'failed') {
    return (
      <main className="signin">
        <h1>Capstan</h1>
        <ProblemMessage error={gate.error} />
        <button type="button" onClick={() => { void check(gate.token); }}>Try again</button>{' '}
        <button type="button" onClick={() => signOut()}>Sign out</button>
      </main>
    );
  }
  if (gate.kind === 'signed-out' || !session) {
    return <SignInPage notice={gate.kind === 'signed-out' ? gate.notice : null} onSignIn={check} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell account={session.account} role={session.role} permissions={session.permissions} onSignOut={() => signOut()} />
    </SessionContext.Provider>
  );
}

function Shell({ account, role, permissions, onSignOut }: { account: Account; role: Role; permissions: readonly Permission[]; onSignOut: () => void }): ReactNode {
  const location = useLocation();
  const path = location.split('?')[0] ?? '/';
  let page: ReactNode = <NotFoundPage />;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) {
      page = route.render(params);
      break;
    }
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand">Capstan</Link>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.filter((item) => item.needs === undefined || permissions.includes(item.needs)).map((item) => {
              const current = item.to === '/' ? path === '/' : path === item.to || path.startsWith(`${item.to}/`);
              return <li key={item.to}><Link to={item.to} aria-current={current ? 'page' : undefined}>{item.label}</Link></li>;
            })}
          </ul>
        </nav>
        <div className="account">
          <span title={`account id ${account.id}`}>{account.name}</span>{' '}
          <span className="muted" title="role of the signed-in token">({role})</span>
          <button type="button" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </div>
  );
}
