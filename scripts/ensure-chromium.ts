/**
 * The browser test drives Debian's Chromium (never a downloaded browser). On a fresh
 * machine where we are root with apt-get, install it; elsewhere say how.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Debian chromium for the browser test (apt-get install chromium)…');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null'], { stdio: 'inherit' });
  } else {
    console.error(`The browser test needs Debian's chromium at ${CHROMIUM}: sudo apt-get install -y chromium`);
    process.exit(1);
  }
}
