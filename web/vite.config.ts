import { defineConfig } from 'vite';

// Served by the LabelGateway under /app (see services/LabelGateway/Apis/WebUi.cs); `npm run dev` proxies the hub and
// the APIs to a gateway on 127.0.0.1:5100.
export default defineConfig({
  base: '/app/',
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:5100',
      '/hubs': { target: 'http://127.0.0.1:5100', ws: true },
    },
  },
});
