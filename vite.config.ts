// Vite build of the web client (src/web → dist/web), served by the Tuteur server on the same origin.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = 'http://127.0.0.1:8080';

export default defineConfig({
  // Vitest also reads this file: keep its root at the repository so it finds every test, not only src/web's.
  root: process.env.VITEST ? repoRoot : fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // The CSP is `default-src 'self'`: data: URLs (e.g. small KaTeX fonts inlined as base64) would be blocked,
    // so every asset stays a file of its own.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': {
        target: apiTarget,
        // The server checks Origin on state-changing requests; in development the page comes from Vite's
        // port, so the proxy presents the API's own origin. Development only: the built app is same-origin.
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq) => {
            if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', apiTarget);
          });
        },
      },
    },
  },
  preview: { host: '127.0.0.1' },
});
