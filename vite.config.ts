import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app (staff pages and, later, the client questionnaire) builds into dist/web,
// which the server serves. In development, `vite` proxies the API to a running server.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // Two entries: the staff app, and the client's questionnaire, which shares no chunk
    // with the staff app's router or translations (bench/questionnaire-bundle.ts measures it).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        questionnaire: fileURLToPath(new URL('./src/web/questionnaire.html', import.meta.url)),
        consent: fileURLToPath(new URL('./src/web/consent.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
