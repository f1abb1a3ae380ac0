import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The console's build: a static page and hashed assets under `/console/`, where the gateway
 * serves them. Nothing is inlined into the page: its Content-Security-Policy allows scripts and
 * styles from files only.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: {
      // The SMS segment counter is the one the dispatchers and the API use.
      '@switchboard/addressing': path.join(root, 'libs/addressing/src/index.ts'),
    },
  },
  build: {
    outDir: path.join(root, 'dist/console'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    // `npx nx serve console` against a gateway on the usual port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
