import {
  useEffect,
  useId,
  useRef,
  type ButtonHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { ApiError, errorMessage } from '../api/http.ts';
import type { Account } from '../api/endpoints.ts';
import { useAccounts } from '../state/account.tsx';
import type { Resource } from '../state/useResource.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A failed load or a refused request, in the server's words, with a retry when there is one. */
export function ErrorBox({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const unavailable = error instanceof ApiError && (error.status === 503 || error.status === 502);
  const forbidden = error instanceof ApiError && error.status === 403;
  const limited = error instanceof ApiError && error.status === 429;
  return (
    <div className="error-box" role="alert">
      <strong>
        {title ??
          (unavailable
            ? 'Service unavailable'
            : forbidden
              ? 'Not allowed'
              : limited
                ? 'Too many requests'
                : 'Something went wrong')}
      </strong>
      <p>
        {errorMessage(error)}
        {limited ? ' This page retries by itself.' : ''}
      </p>
      {error instanceof ApiError && error.code && error.status !== 0 ? (
        <p className="muted small">
          Code {error.code}
          {error.problem.requestId ? ` · request ${String(error.problem.requestId)}` : ''}
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** Loading, error and empty states of a resource; `children` renders the data. */
export function View<T>({
  res,
  children,
  empty,
  isEmpty,
  label,
  refreshError = true,
}: {
  res: Pick<Resource<T>, 'data' | 'error' | 'loading' | 'reload'>;
  children: (data: T) => ReactNode;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  label?: string;
  /** Whether a failed reload is shown above the data it kept (false: the data alone). */
  refreshError?: boolean;
}) {
  if (res.loading && res.data === undefined) return <Loading {...(label ? { label } : {})} />;
  if (res.error && res.data === undefined)
    return <ErrorBox error={res.error} onRetry={() => void res.reload()} />;
  if (res.data === undefined) return null;
  if (empty && isEmpty?.(res.data)) return <Empty>{empty}</Empty>;
  return (
    <>
      {res.error && refreshError ? (
        <ErrorBox error={res.error} onRetry={() => void res.reload()} title="Could not refresh" />
      ) : null}
      {children(res.data)}
    </>
  );
}

/** A page: its heading, with `aside` next to it, above `children`. */
export function Page({
  title,
  aside,
  children,
}: {
  title: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="page">
      <div className="page-head">
        <h1>{title}</h1>
        {aside}
      </div>
      {children}
    </div>
  );
}

/** The current account's content, once it is known (an error with a retry, or a spinner, until then). */
export function WithAccount({ children }: { children: (current: Account) => ReactNode }) {
  const { current, error, reload } = useAccounts();
  if (!current && error) return <ErrorBox error={error} onRetry={() => void reload()} />;
  if (!current) return <Loading label="Loading your account…" />;
  return <>{children(current)}</>;
}

/** The outcome of the last row action: a notice when it went through, the server's words when not. */
export function ActionFeedback({
  notice,
  error,
  errorTitle,
}: {
  notice?: string | null;
  error: unknown;
  errorTitle?: string;
}) {
  return (
    <>
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ErrorBox error={error} title={errorTitle} /> : null}
    </>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
  id,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  const headingId = useId();
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={headingId} id={id}>
      <header className="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** Props that tie a control to its label's error and hint (`aria-invalid`, `aria-describedby`). */
export function controlProps(id: string, error?: string, hint?: string) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return {
    id,
    name: id,
    'aria-invalid': error ? true : undefined,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  } as const;
}

export function Field({
  id,
  label,
  error,
  hint,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function Button({
  busy,
  variant = 'default',
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  busy?: boolean;
  variant?: 'default' | 'primary' | 'danger' | 'ghost' | 'buy' | 'sell';
}) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn-${variant} ${rest.className ?? ''}`}
      disabled={rest.disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy ? <span className="spinner small" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

export function Notice({ children, kind = 'ok' }: { children: ReactNode; kind?: 'ok' | 'warn' }) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

/** A form-level refusal from the server (problem+json detail), announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="form-error" role="alert">
      {errorMessage(error)}
    </div>
  );
}

/** A modal dialog on the native <dialog>: focus is trapped, Escape closes, focus returns after. */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <header className="dialog-head">
            <h2 id={headingId}>{title}</h2>
            <button type="button" className="btn btn-ghost" aria-label="Close dialog" onClick={onClose}>
              ×
            </button>
          </header>
          <div className="dialog-body">{children}</div>
        </>
      ) : null}
    </dialog>
  );
}

/** A dialog that asks before an action: `children` explains, then keep (closes) or confirm. */
export function ConfirmDialog({
  open,
  title,
  onClose,
  onConfirm,
  cancelLabel,
  confirmLabel,
  variant = 'danger',
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  onConfirm: () => void;
  cancelLabel: string;
  confirmLabel: string;
  variant?: 'danger' | 'primary';
  children: ReactNode;
}) {
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      {children}
      <div className="form-actions">
        <Button onClick={onClose}>{cancelLabel}</Button>
        <Button variant={variant} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

/** A dialog about one item (a row being edited): open while there is one. */
export function ItemDialog<T>({
  item,
  title,
  onClose,
  children,
}: {
  item: T | null;
  title: (item: T) => string;
  onClose: () => void;
  children: (item: T) => ReactNode;
}) {
  return (
    <Dialog open={item !== null} title={item !== null ? title(item) : ''} onClose={onClose}>
      {item !== null ? children(item) : null}
    </Dialog>
  );
}

export interface TabDef<K extends string> {
  key: K;
  label: ReactNode;
}

/** WAI-ARIA tabs: arrow keys move between tabs, the panel is labelled by its tab. */
export function Tabs<K extends string>({
  tabs,
  value,
  onChange,
  label,
  children,
}: {
  tabs: TabDef<K>[];
  value: K;
  onChange: (k: K) => void;
  label: string;
  children: ReactNode;
}) {
  const base = useId();
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onChange(tabs[next]!.key);
    document.getElementById(`${base}-tab-${tabs[next]!.key}`)?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tablist">
        {tabs.map((t, i) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`${base}-tab-${t.key}`}
            aria-selected={t.key === value}
            aria-controls={`${base}-panel`}
            tabIndex={t.key === value ? 0 : -1}
            className="tab"
            onClick={() => onChange(t.key)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${value}`} className="tabpanel">
        {children}
      </div>
    </div>
  );
}

export function Stat({
  label,
  value,
  sub,
  trend,
  testId,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  trend?: 'up' | 'down' | 'flat';
  testId?: string;
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className={`stat-value ${trend ?? ''}`}>{value}</div>
      {sub ? <div className={`stat-sub ${trend ?? ''}`}>{sub}</div> : null}
    </div>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'ok' | 'warn' | 'bad' | 'info';
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Focuses the first invalid control of a form after a failed validation. */
export function focusFirstError(form: HTMLFormElement | null): void {
  const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  el?.focus();
}

export { uuid as newKey } from '../lib/ids.ts';
