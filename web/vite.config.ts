// Build of the web UI: `npm run build:web` (or scripts/ensure-web-build.ts) → web/dist, served by the server at
// `/` (src/http/plugins/web-ui.ts). `vite --config web/vite.config.ts` runs a dev server that proxies the API to
// a Capstan on 127.0.0.1:8080.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
