import { fileURLToPath } from 'node:url';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const webRoot = fileURLToPath(new URL('./web', import.meta.url));

/**
 * In production the server maps `/console/*` to the console's index.html and `/m/*` to the member
 * pages' index.html. This gives `vite dev` the same fallback so deep links work there too.
 */
function spaFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const isAsset = /\.[a-z0-9]+$/i.test(path) || path.startsWith('/@') || path.startsWith('/node_modules/');
    if (!isAsset && req.method === 'GET') {
      if (path === '/console' || path.startsWith('/console/')) req.url = '/console/index.html';
      else if (path === '/m' || path.startsWith('/m/')) req.url = '/member/index.html';
      else if (path === '/') req.url = '/console/index.html';
    }
    next();
  };
  return {
    name: 'tuan-spa-fallback',
    configureServer(server) {
      server.middlewares.use(rewrite);
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), spaFallback()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        console: `${webRoot}/console/index.html`,
        member: `${webRoot}/member/index.html`,
      },
      output: {
        codeSplitting: {
          // The one chunk both apps share: React, the router and i18next. antd stays out of it, so
          // member pages never download the console's UI library.
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|html-parse-stringify|void-elements|cookie|set-cookie-parser)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    // `vite dev` serves the pages with hot reload; the API runs separately (`npm run dev`).
    proxy: {
      '/api': process.env.TUAN_API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
