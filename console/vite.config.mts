import { defineConfig } from 'vite';

// Built with `vite build console` (npm run build:console) into console/dist, which the engine serves.
// `npm run console:dev` serves it with hot reload and proxies the API to an engine on port 8080.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" for React Server Components; a client-only bundle can ignore it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080' } },
});
