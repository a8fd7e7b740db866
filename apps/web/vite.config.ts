import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the UI alone; point SOCKLAB_BACKEND at a running
// `socklab serve` (e.g. http://127.0.0.1:7357) to proxy its WebSocket.
const backend = process.env.SOCKLAB_BACKEND;

export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: backend
    ? {
        proxy: {
          '/ws': { target: backend, ws: true, changeOrigin: true },
          '/api': { target: backend, changeOrigin: true },
        },
      }
    : {},
});
