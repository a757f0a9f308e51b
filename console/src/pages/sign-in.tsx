import { type FormEvent, useState } from 'react';
import { Field } from '../components/controls';

/** The engine has API_TOKEN set: the console asks for it (kept for this tab's session only). */
export function SignIn({ hadToken, onSignedIn }: { hadToken: boolean; onSignedIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onSignedIn(token.trim());
  };
  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <h1>Sign in</h1>
        <p className="muted">
          {hadToken ? 'The engine did not accept the token. ' : ''}This engine requires its API token (the value of <code>API_TOKEN</code>). It is kept only for
          this browser tab.
        </p>
        <Field label="API token">
          {(id) => <input id={id} type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />}
        </Field>
        <button type="submit" className="button button-primary" disabled={!token.trim()}>
          Sign in
        </button>
      </form>
    </div>
  );
}
