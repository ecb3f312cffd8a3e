import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The impact what-if runs @charter/schema's parser without the libraries' second opinion (see the stub).
const schemaLibrariesStub = fileURLToPath(new URL('./src/pages/impact/schema-libraries-stub.ts', import.meta.url));

// The SPA builds into dist/app (the console server serves it; its own code builds into dist/server).
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^avsc$/, replacement: schemaLibrariesStub },
      { find: /^ajv(\/dist\/20(19|20))?$/, replacement: schemaLibrariesStub },
      { find: /^ajv-formats$/, replacement: schemaLibrariesStub },
    ],
  },
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
