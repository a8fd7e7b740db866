import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../../.config/precompress.mjs';

// `npm run dev` serves the UI alone; point SOCKLAB_BACKEND at a running
// `socklab serve` (e.g. http://127.0.0.1:7357) to proxy its WebSocket.
const backend = process.env.SOCKLAB_BACKEND;

/**
 * Drops fontsource's `.woff` fallbacks: every browser socklab supports takes the
 * woff2 listed first, so the woff files would only double `dist/assets` (and the
 * server's MIME table has no `.woff`). A PostCSS plugin, because it must run after
 * `@import` has inlined fontsource's files into `src/fonts.css`.
 */
const woff2Only = {
  postcssPlugin: 'socklab-woff2-only',
  Declaration: {
    src(decl: { value: string }) {
      decl.value = decl.value.replace(/,\s*url\([^)]+\.woff\)\s*format\(["']woff["']\)/g, '');
    },
  },
};

export default defineConfig({
  base: './',
  plugins: [react(), precompress],
  css: { postcss: { plugins: [woff2Only] } },
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
