import { defineConfig } from "vitest/config";

// Production: Django serves frontend/dist under /static/ and dist/index.html at "/".
// Development: `npm run dev` serves the app at http://localhost:5173/ and
// proxies /api to Django's runserver (override with SINERGIA_BACKEND).
const backend = process.env.SINERGIA_BACKEND ?? "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/" : "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    // No changeOrigin: Django's CSRF origin check must see the browser's own host.
    proxy: {
      "/api": { target: backend },
    },
  },
  test: {
    environment: "happy-dom",
    include: ["tests/**/*.test.ts"],
    restoreMocks: true,
  },
}));
