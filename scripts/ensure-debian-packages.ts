/**
 * Tests use Debian's programs, never downloaded ones: chromium for the browser test,
 * redis-server for the Redis store. On a fresh machine where we are root with apt-get,
 * install the missing ones; elsewhere say how.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package → the program the tests run. */
const NEEDED: Record<string, string> = {
  chromium: '/usr/bin/chromium',
  'redis-server': '/usr/bin/redis-server',
};

const missing = Object.keys(NEEDED).filter((name) => !existsSync(NEEDED[name]!));

if (missing.length > 0) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`Installing Debian ${missing.join(', ')} for the tests (apt-get install ${missing.join(' ')})…`);
    execFileSync(
      'sh',
      [
        '-c',
        `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} > /dev/null`,
      ],
      {
        stdio: 'inherit',
      },
    );
  } else {
    console.error(`The tests need Debian's ${missing.join(', ')}: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}
