import { useEffect, useState, type ReactNode } from 'react';
import { Link, match, navigate, useLocation } from './router.tsx';
import { useSession } from './state/session.tsx';
import { AccountProvider, useAccounts } from './state/account.tsx';
import { StreamProvider, useChannel, useStream } from './state/stream.tsx';
import { useResource } from './state/useResource.ts';
import { unreadCount } from './api/endpoints.ts';
import { Loading } from './components/ui.tsx';
import { SignInPage, SignUpPage } from './pages/Auth.tsx';
import { PortfolioPage } from './pages/Portfolio.tsx';
import { TradePage } from './pages/Trade.tsx';
import { MarketPage } from './pages/Market.tsx';
import { AlertsPage } from './pages/Alerts.tsx';
import { NotificationsPage } from './pages/Notifications.tsx';
import { AccountsPage } from './pages/Accounts.tsx';
import { RiskPage } from './pages/Risk.tsx';
import { ApiKeysPage } from './pages/ApiKeys.tsx';
import { SystemPage } from './pages/System.tsx';

interface NavItem {
  to: string;
  label: string;
  admin?: boolean;
}

const NAV: NavItem[] = [
  { to: '/portfolio', label: 'Portfolio' },
  { to: '/trade', label: 'Trade' },
  { to: '/market', label: 'Market' },
  { to: '/alerts', label: 'Alerts & triggers' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/accounts', label: 'Accounts' },
  { to: '/risk', label: 'Risk' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/system', label: 'System', admin: true },
];

const TITLES: Record<string, string> = Object.fromEntries(NAV.map((n) => [n.to, n.label]));

export function App() {
  const session = useSession();
  const loc = useLocation();
  const publicPage = loc.path === '/signin' || loc.path === '/signup';

  useEffect(() => {
    if (session.status === 'signedOut' && !publicPage) {
      const next = loc.path === '/' ? '' : `?next=${encodeURIComponent(loc.href)}`;
      navigate(`/signin${next}`, { replace: true });
    }
    if (session.status === 'signedIn' && publicPage) {
      const next = loc.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/portfolio', {
        replace: true,
      });
    }
  }, [session.status, publicPage, loc.path, loc.href, loc.query]);

  useEffect(() => {
    const base = `/${loc.path.split('/')[1] ?? ''}`;
    const title =
      loc.path === '/signin' ? 'Sign in' : loc.path === '/signup' ? 'Sign up' : (TITLES[base] ?? 'Portfolio');
    document.title = `${title} · Tradeplane`;
  }, [loc.path]);

  if (session.status === 'unknown') {
    return (
      <main className="center-page" id="main">
        <Loading label="Restoring your session…" />
      </main>
    );
  }
  if (publicPage || session.status !== 'signedIn') {
    return (
      <main className="center-page" id="main">
        {loc.path === '/signup' ? <SignUpPage /> : <SignInPage />}
      </main>
    );
  }
  return (
    <StreamProvider enabled>
      <AccountProvider enabled>
        <Shell>
          <Routes path={loc.path} />
        </Shell>
      </AccountProvider>
    </StreamProvider>
  );
}

function Routes({ path }: { path: string }) {
  if (path === '/' || path === '/portfolio') return <PortfolioPage />;
  if (path === '/trade') return <TradePage />;
  if (path === '/market') return <MarketPage symbol={undefined} />;
  const m = match('/market/:symbol', path);
  if (m) return <MarketPage symbol={m.symbol!.toUpperCase()} />;
  if (path === '/alerts') return <AlertsPage />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/accounts') return <AccountsPage />;
  if (path === '/risk') return <RiskPage />;
  if (path === '/api-keys') return <ApiKeysPage />;
  if (path === '/system') return <SystemPage />;
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link to="/portfolio">Go to the portfolio</Link>.
      </p>
    </div>
  );
}

function StreamBadge() {
  const { status } = useStream();
  const text =
    status === 'live'
      ? 'Live'
      : status === 'connecting'
        ? 'Connecting…'
        : status === 'reconnecting'
          ? 'Reconnecting…'
          : 'Offline';
  return (
    <span
      className={`stream-badge stream-${status}`}
      data-testid="stream-status"
      title={
        status === 'live'
          ? 'Real-time updates over /v1/stream'
          : 'Real-time stream not connected: pages refresh over REST every few seconds'
      }
    >
      <span className="dot" aria-hidden="true" /> <span className="sr-only">Real-time updates: </span>
      {text}
    </span>
  );
}

function UnreadLink() {
  const res = useResource('unread', unreadCount);
  // Each notification pushed over the stream is one more unread; reads reload the count.
  useChannel('notifications', (m) => {
    if (m.type === 'event') res.setData((c) => (c ? { count: c.count + 1 } : c));
  });
  const { reload } = res;
  useEffect(() => {
    const onRead = () => void reload();
    window.addEventListener('tradeplane:notifications-read', onRead);
    return () => window.removeEventListener('tradeplane:notifications-read', onRead);
  }, [reload]);
  const count = res.data?.count;
  return (
    <Link
      to="/notifications"
      className="icon-link"
      aria-label={`Notifications${count ? `, ${count} unread` : ''}`}
    >
      <svg
        viewBox="0 0 24 24"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count ? (
        <span className="count-badge" data-testid="unread-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}

function AccountSwitcher() {
  const { accounts, current, setCurrent } = useAccounts();
  const active = accounts?.filter((a) => a.status === 'active') ?? [];
  return (
    <div className="account-switch">
      <label htmlFor="account-switch">Account</label>
      <select
        id="account-switch"
        value={current?.id ?? ''}
        onChange={(e) => setCurrent(e.target.value)}
        disabled={active.length === 0}
      >
        {active.length === 0 ? <option value="">Opening…</option> : null}
        {active.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.broker})
          </option>
        ))}
      </select>
    </div>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const loc = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [loc.path]);
  const items = NAV.filter((n) => !n.admin || session.isAdmin);
  const active = (to: string) =>
    loc.path === to || loc.path.startsWith(`${to}/`) || (to === '/portfolio' && loc.path === '/');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="btn btn-ghost menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <Link to="/portfolio" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Tradeplane
        </Link>
        <AccountSwitcher />
        <div className="topbar-right">
          <StreamBadge />
          <UnreadLink />
          <span className="user-email" title={session.user?.email}>
            {session.user?.email ?? ''}
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="main-nav" className={`sidenav ${menuOpen ? 'open' : ''}`} aria-label="Main">
        <ul>
          {items.map((n) => (
            <li key={n.to}>
              <Link to={n.to} aria-current={active(n.to) ? 'page' : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
