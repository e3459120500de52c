/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Dev mode: the API (npm run dev:api at the repository root, port 3000 by default) behind Vite's proxy.
const api = process.env.RETORT_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false }, '/docs': api, '/health': api, '/web-config.json': api },
  },
  build: { chunkSizeWarningLimit: 1200 },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // @rjsf/mantine imports dayjs plugins without extensions: let Vite resolve them.
    server: { deps: { inline: ['@rjsf/mantine'] } },
  },
});
