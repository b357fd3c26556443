import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dashboard is a static bundle the gateway serves at `/` (apps/dashboard/dist). In development
 * `npm run dev -w @tradeplane/dashboard` serves it on :3000 and proxies the public API (and the
 * `/v1/stream` WebSocket) to the gateway, so the browser only ever talks to one origin.
 */
const gateway = process.env.TRADEPLANE_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 3000,
    strictPort: true,
    proxy: {
      '/v1': { target: gateway, ws: true },
      '/health': { target: gateway },
    },
  },
  preview: { port: 3000 },
});
