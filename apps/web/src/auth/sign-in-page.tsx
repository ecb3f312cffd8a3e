import { type FormEvent, useId, useState } from 'react';
import { useAuth } from './auth-context';

/**
 * The key is typed once; it is checked against the registry before anything else shows. Native, labelled form
 * elements: the first page a new user opens carries no component library (ADR 0022).
 */
export function SignInPage() {
  const { state, signIn } = useAuth();
  const [key, setKey] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const shown = error ?? (state.status === 'signed-out' ? state.error : undefined);
  const id = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const refusal = await signIn(key);
    setPending(false);
    if (refusal) setError(refusal);
  };

  return (
    <main className="sign-in">
      <h1>Charter console</h1>
      <p>Sign in with your API key. It is kept in this tab only and forgotten when you sign out or close it.</p>
      <form onSubmit={submit} className="sign-in-form" aria-label="Sign in" noValidate>
        <div className="field">
          <label htmlFor={`${id}-key`}>API key</label>
          <input
            id={`${id}-key`}
            name="key"
            type="password"
            className="input"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ''}`}
            aria-invalid={shown !== undefined}
          />
          <span id={`${id}-hint`} className="hint">
            keyId:secret — after <code>npm start</code>, the admin key is in <code>.charter/admin.key</code>
          </span>
        </div>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Checking…' : 'Sign in'}
        </button>
        {shown && (
          <p id={`${id}-error`} role="alert" className="error" data-testid="sign-in-error">
            {shown}
          </p>
        )}
      </form>
    </main>
  );
}
