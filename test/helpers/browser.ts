import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium, driven by Playwright; the flags keep it off this machine's closed network. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = inject('chromiumPath');
  if (!executablePath) throw new Error('Chromium is not available for this run');
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const browserAvailable = () => inject('chromiumPath') !== null;
