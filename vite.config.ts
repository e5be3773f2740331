import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app (staff pages and, later, the client questionnaire) builds into dist/web,
// which the server serves. In development, `vite` proxies the API to a running server.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
