import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../state/session.tsx';
import { Button, Field, FormError, controlProps, focusFirstError } from '../components/ui.tsx';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Errors {
  email?: string;
  password?: string;
  confirm?: string;
}

function validate(email: string, password: string, confirm: string | null): Errors {
  const e: Errors = {};
  if (!email.trim()) e.email = 'Email is required';
  else if (!EMAIL_RE.test(email.trim()) || email.length > 254)
    e.email = 'Enter an email address like ada@example.com';
  if (!password) e.password = 'Password is required';
  else if (confirm !== null && password.length < 10) e.password = 'Use at least 10 characters';
  else if (password.length > 1024) e.password = 'At most 1024 characters';
  if (confirm !== null && !e.password && confirm !== password) e.confirm = 'The passwords do not match';
  return e;
}

function AuthForm({ mode }: { mode: 'signin' | 'signup' }) {
  const session = useSession();
  const loc = useLocation();
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const signup = mode === 'signup';
  const next = loc.query.get('next');
  const nextQs = next ? `?next=${encodeURIComponent(next)}` : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = validate(email, password, signup ? confirm : null);
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
      if (signup) await session.signUp(email.trim(), password);
      else await session.signIn(email.trim(), password);
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-card">
      <div className="brand auth-brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Tradeplane
      </div>
      <h1>{signup ? 'Create your account' : 'Sign in'}</h1>
      {!signup && session.reason ? (
        <div className="notice notice-warn" role="status">
          {session.reason}
        </div>
      ) : null}
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <Field id="email" label="Email" error={errors.email}>
          <input
            {...controlProps('email', errors.email)}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </Field>
        <Field
          id="password"
          label="Password"
          error={errors.password}
          hint={signup ? 'At least 10 characters.' : undefined}
        >
          <input
            {...controlProps('password', errors.password, signup ? 'hint' : undefined)}
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        {signup ? (
          <Field id="confirm" label="Confirm password" error={errors.confirm}>
            <input
              {...controlProps('confirm', errors.confirm)}
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              required
            />
          </Field>
        ) : null}
        <FormError error={serverError} />
        <Button type="submit" variant="primary" busy={busy} className="wide">
          {signup ? 'Create account' : 'Sign in'}
        </Button>
      </form>
      <p className="muted">
        {signup ? (
          <>
            Already have an account? <Link to={`/signin${nextQs}`}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link to={`/signup${nextQs}`}>Create an account</Link> — a paper account with $100,000
            is opened for you.
          </>
        )}
      </p>
    </div>
  );
}

export const SignInPage = () => <AuthForm mode="signin" />;
export const SignUpPage = () => <AuthForm mode="signup" />;
