import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The Mini App page: built into dist/web beside the service's bundle, served under /app/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Everything from our own origin: no inlined data: scripts, one file per chunk.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
