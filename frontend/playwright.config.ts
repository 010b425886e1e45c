import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./e2e/support/chromium.mjs";

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against the real platform: the gateway jar,
 * which serves these pages, is started on port 18080 with a fresh data directory (embedded PostgreSQL, local
 * sandbox).
 */
// E2E_GATEWAY_JAR: another copy of the jar (e.g. one that a concurrent build cannot overwrite mid-run)
const GATEWAY_JAR = process.env.E2E_GATEWAY_JAR ?? "../web-gateway/target/web-gateway-0.1.0-SNAPSHOT.jar";
const PORT = 18080;

// one data directory per run (the config is loaded again in each worker: keep the first value)
process.env.E2E_DATA_DIR ??= path.resolve("target", `e2e-data-${Date.now()}`);
process.env.E2E_API_URL ??= `http://localhost:${PORT}`;
const baseURL = `http://localhost:${PORT}`;


export default defineConfig({
  testDir: "e2e",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "target/playwright-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["html", { outputFolder: "target/playwright-report", open: "never" }]],
  use: {
    baseURL,
    headless: true,
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1400, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    serviceWorkers: "block",
  },
  webServer: [
    {
      command: `java -jar ${GATEWAY_JAR} --server.port=${PORT} --platform.data-dir=${process.env.E2E_DATA_DIR}`,
      url: `http://localhost:${PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { AXONIQ_UPDATE_CHECKER_DISABLED: "true" },
      // Playwright's default is SIGKILL, which leaves the embedded PostgreSQL running and the sandboxes' tmpfs
      // mounts behind: let the gateway shut down properly
      gracefulShutdown: { signal: "SIGTERM", timeout: 45_000 },
    },
  ],
});
