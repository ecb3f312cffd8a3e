import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA builds into dist/app (the console server serves it; its own code builds into dist/server).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // The console server's CSP has no 'unsafe-inline': every asset is a file, never a data: URL or an inline module.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api/registry': { target: 'http://localhost:8081', rewrite: (path) => path.replace(/^\/api\/registry/, '') },
      '/api/lineage': { target: 'http://localhost:5000', rewrite: (path) => path.replace(/^\/api\/lineage/, '') },
    },
  },
});
