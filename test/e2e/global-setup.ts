import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Fails the run early, with the fix, when the browser or the build the tests drive is missing.
export default function globalSetup(): void {
  const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(browser)) {
    throw new Error(
      `No Chromium at ${browser}. Install Debian's: \`apt-get install -y chromium xvfb\` (or set CHROMIUM_PATH). ` +
        'Do not use `npx playwright install`: its download is not reachable here.',
    );
  }
  const host = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/node/preview.mjs');
  if (!existsSync(host)) throw new Error(`${host} is missing: run \`npm run build\` first (npm test does).`);
}
