import { useCallback, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { Button, Field, FormError, controlProps, focusFirstError } from './ui.tsx';

type InputRest = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'name' | 'value' | 'onChange' | 'children'
>;

/** A labelled text input with its error and hint (`children`: e.g. a <datalist> after it). */
export function TextField({
  id,
  label,
  error,
  hint,
  value,
  onChange,
  fieldClassName,
  children,
  ...rest
}: InputRest & {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  fieldClassName?: string;
  children?: ReactNode;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={fieldClassName}>
      <input
        {...controlProps(id, error, hint ? 'hint' : undefined)}
        {...rest}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {children}
    </Field>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: ReactNode;
  disabled?: boolean;
}

/** A labelled <select> of `options`. */
export function SelectField<V extends string>({
  id,
  label,
  error,
  value,
  onChange,
  options,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  value: V;
  onChange: (value: V) => void;
  options: readonly Choice<V>[];
}) {
  return (
    <Field id={id} label={label} error={error}>
      <select {...controlProps(id, error)} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its label after it. */
export function Check({
  checked,
  onChange,
  children,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'checked' | 'onChange' | 'children'> & {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" {...rest} checked={checked} onChange={(e) => onChange(e.target.checked)} />{' '}
      {children}
    </label>
  );
}

/** Radio buttons in a fieldset whose legend names the choice. */
export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  onChange,
  options,
}: {
  legend: ReactNode;
  name: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly Choice<V>[];
}) {
  return (
    <fieldset className="radio-row">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            disabled={o.disabled}
            onChange={() => onChange(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export type FieldErrors = Partial<Record<string, string>>;

/**
 * A form's validation and submission state: `check(errors)` shows the errors (focusing the first
 * invalid control) and says whether there were none; `run(request)` keeps the submit button busy
 * meanwhile and keeps the server's refusal for <FormFooter>.
 */
export function useForm<E extends object = FieldErrors>() {
  const ref = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<E>({} as E);
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = useCallback((errs: E): boolean => {
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length === 0) return true;
    requestAnimationFrame(() => focusFirstError(ref.current));
    return false;
  }, []);

  const run = useCallback(async (request: () => Promise<void>, onError?: (err: unknown) => void) => {
    setBusy(true);
    try {
      await request();
    } catch (err) {
      onError?.(err);
      setServerError(err);
    } finally {
      setBusy(false);
    }
  }, []);

  return { ref, errors, setErrors, serverError, busy, check, run };
}

/** The server's refusal (if any), `notice`, then the submit button (in a `.form-actions` row when `row`). */
export function FormFooter({
  form,
  variant = 'primary',
  row,
  notice,
  className,
  children,
}: {
  form: { busy: boolean; serverError: unknown };
  variant?: 'primary' | 'danger';
  row?: boolean;
  className?: string;
  notice?: ReactNode;
  children: ReactNode;
}) {
  const submit = (
    <Button type="submit" variant={variant} busy={form.busy} className={className}>
      {children}
    </Button>
  );
  return (
    <>
      <FormError error={form.serverError} />
      {notice}
      {row ? <div className="form-actions">{submit}</div> : submit}
    </>
  );
}
