/**
 * A headless Chromium for the web console's tests: Debian's package (/usr/bin/chromium),
 * driven by playwright-core, which never downloads a browser of its own. Each launch gets a
 * fresh profile (playwright's temporary --user-data-dir) and each page a fresh context; errors
 * the page logs are collected.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  readonly browser: Browser;
  /** A new page in a fresh context (its own sessionStorage), collecting what the page logs as errors. */
  page(viewport?: { width: number; height: number }): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; the web console's browser tests need it: run \`apt-get install -y chromium\` (Debian's package).`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
  return {
    browser,
    async page(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      // a step that does not happen fails in seconds, not in playwright's default 30
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      return { page, context, errors };
    },
    async close() {
      await browser.close();
    },
  };
}
