import { useState, type FormEvent } from 'react';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../state/session.tsx';
import { FormFooter, TextField, useForm } from '../components/forms.tsx';
import { EMAIL_RE } from '../lib/text.ts';

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
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const f = useForm<Errors>();
  const signup = mode === 'signup';
  const next = loc.query.get('next');
  const nextQs = next ? `?next=${encodeURIComponent(next)}` : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!f.check(validate(email, password, signup ? confirm : null))) return;
    await f.run(async () => {
      if (signup) await session.signUp(email.trim(), password);
      else await session.signIn(email.trim(), password);
    });
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
      <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="email"
          label="Email"
          error={f.errors.email}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          required
        />
        <TextField
          id="password"
          label="Password"
          error={f.errors.password}
          hint={signup ? 'At least 10 characters.' : undefined}
          type="password"
          autoComplete={signup ? 'new-password' : 'current-password'}
          value={password}
          onChange={setPassword}
          required
        />
        {signup ? (
          <TextField
            id="confirm"
            label="Confirm password"
            error={f.errors.confirm}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={setConfirm}
            required
          />
        ) : null}
        <FormFooter form={f} className="wide">
          {signup ? 'Create account' : 'Sign in'}
        </FormFooter>
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
