import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { onUnauthorized, queryClient, tokenStore } from './api';
import { Layout } from './components/layout';
import { useChangeStream } from './live';
import { Routes } from './routes';
import { SignIn } from './pages/sign-in';
import './styles.css';

function App() {
  const [needsToken, setNeedsToken] = useState(false);
  useEffect(() => onUnauthorized(() => setNeedsToken(true)), []);
  if (needsToken) {
    return (
      <SignIn
        hadToken={!!tokenStore.get()}
        onSignedIn={(token) => {
          tokenStore.set(token);
          setNeedsToken(false);
          void queryClient.resetQueries();
        }}
      />
    );
  }
  return <SignedIn />;
}

function SignedIn() {
  useChangeStream();
  return (
    <Layout>
      <Routes />
    </Layout>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
