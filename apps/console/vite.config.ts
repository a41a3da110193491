import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API server at `/` (same origin, so the session cookie just works). In development,
// `vite` proxies the API to a running `tradeloop start` on :3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Report gzip sizes; the shell (main chunk) stays ≤ 500 kB gzip and pages load on demand.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Big libraries get their own long-cached chunks: a console release that changes only our code leaves them
        // in the browser cache. ECharts is only reached from lazy pages, so it is not part of the first load.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis)[\\/]/,
              priority: 10,
            },
            // React first: antd's components import react-dom, and a group takes its dependencies along.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/,
              priority: 30,
            },
          ],
        },
      },
    },
  },
});
