import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer is static files: web mode serves them, Electron loads them from disk.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [svelte()],
  resolve: { alias: { $shared: path.resolve(import.meta.dirname, '../electron/shared') } },
  build: { outDir: path.resolve(import.meta.dirname, '../dist/renderer'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1000 },
});
