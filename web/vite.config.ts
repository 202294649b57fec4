import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The API server the dev server and `vite preview` forward /api to; the
// built application is served by `jixiao serve` itself, same origin.
const api = process.env.JIXIAO_API ?? 'http://127.0.0.1:8080'
const proxy = {
  '/api': { target: api, changeOrigin: false },
  '/healthz': { target: api },
}

// What `jixiao serve` sends with the application: scripts and styles from the
// same origin only (Element Plus and ECharts set inline style attributes).
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    target: 'es2020',
    outDir: 'dist',
    assetsDir: 'assets',
    // no inline data: scripts or modulepreload polyfill script: a strict CSP
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: true,
    manifest: true,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender'))
            return 'echarts'
          return undefined
        },
      },
    },
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy, headers: { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' } },
})
