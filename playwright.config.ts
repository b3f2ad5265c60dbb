import { defineConfig } from '@playwright/test';
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Playwright's own Chromium when it has been installed, else Debian's. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, safe(() => chromium.executablePath()), '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error('No Chromium found: install one with `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.');
  }
  return found;
}
function safe(f: () => string): string | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const PORT = 4317;
/** The provider test server that speaks each provider's wire format, for runs in the e2e suite. */
export const PROVIDER_PORT = 8797;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : 'line',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: `npx tsx tests/providerServer/main.ts --port ${PROVIDER_PORT}`,
      url: `http://127.0.0.1:${PROVIDER_PORT}/__stats`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
