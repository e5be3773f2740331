import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function browserAvailability(): { path: string | null; reason: string } {
  if (!existsSync(CHROMIUM_PATH))
    return { path: null, reason: `${CHROMIUM_PATH} not found: apt-get install chromium` };
  return { path: CHROMIUM_PATH, reason: '' };
}
