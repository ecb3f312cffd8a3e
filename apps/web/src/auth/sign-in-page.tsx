import { type FormEvent, useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useAuth } from './auth-context';

/** The key is typed once; it is checked against the registry before anything else shows. */
export function SignInPage() {
  const { state, signIn } = useAuth();
  const [key, setKey] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const shown = error ?? (state.status === 'signed-out' ? state.error : undefined);

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
      <Form onSubmit={submit} className="sign-in-form" aria-label="Sign in">
        <TextField
          name="key"
          type="password"
          value={key}
          onChange={setKey}
          isRequired
          autoComplete="off"
          isInvalid={shown !== undefined}
        >
          <Label>API key</Label>
          <Input className="input" />
          <Text slot="description" className="hint">
            keyId:secret — after <code>npm start</code>, the admin key is in <code>.charter/admin.key</code>
          </Text>
        </TextField>
        <Button type="submit" className="button primary" isDisabled={pending}>
          {pending ? 'Checking…' : 'Sign in'}
        </Button>
        {shown && (
          <p role="alert" className="error" data-testid="sign-in-error">
            {shown}
          </p>
        )}
      </Form>
    </main>
  );
}
