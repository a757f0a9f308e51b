import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { clearEarlyUnauthorized, onUnauthorized, queryClient, tokenStore } from './api';
import { prefetchFirstPage } from './prefetch';
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
          clearEarlyUnauthorized();
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

// The first page's data is asked for now, while React is still starting.
prefetchFirstPage();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
