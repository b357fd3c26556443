import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { listAccounts, type Account } from '../api/endpoints.ts';
import { tokenClaims } from '../api/session.ts';
import { useResource } from './useResource.ts';

interface AccountValue {
  accounts: Account[] | undefined;
  /** The account every page works on (switched in the header). */
  current: Account | undefined;
  setCurrent(id: string): void;
  reload(): Promise<void>;
  loading: boolean;
  error: unknown;
}

const AccountContext = createContext<AccountValue | null>(null);

const keyFor = (userId: string | undefined) => `tradeplane.account.${userId ?? 'anon'}`;

export function AccountProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const userId = enabled ? tokenClaims().sub : undefined;
  const res = useResource(
    enabled ? `accounts:${userId ?? ''}` : null,
    async () => (await listAccounts()).data,
  );
  const [currentId, setCurrentId] = useState<string | null>(() => localStorage.getItem(keyFor(userId)));

  useEffect(() => {
    setCurrentId(localStorage.getItem(keyFor(userId)));
  }, [userId]);

  // A new user's first account is opened from the user.registered event, a moment after sign-up.
  const { data, reload } = res;
  useEffect(() => {
    if (!enabled || !data || data.length > 0) return;
    let tries = 0;
    const t = setInterval(() => {
      if (++tries > 30) clearInterval(t);
      void reload();
    }, 1000);
    return () => clearInterval(t);
  }, [enabled, data, reload]);

  const setCurrent = useCallback(
    (id: string) => {
      localStorage.setItem(keyFor(userId), id);
      setCurrentId(id);
    },
    [userId],
  );

  const value = useMemo<AccountValue>(() => {
    const active = data?.filter((a) => a.status === 'active');
    const current =
      active?.find((a) => a.id === currentId) ?? active?.find((a) => a.isDefault) ?? active?.[0] ?? undefined;
    return { accounts: data, current, setCurrent, reload, loading: res.loading, error: res.error };
  }, [data, currentId, setCurrent, reload, res.loading, res.error]);

  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}

export function useAccounts(): AccountValue {
  const v = useContext(AccountContext);
  if (!v) throw new Error('useAccounts outside AccountProvider');
  return v;
}
