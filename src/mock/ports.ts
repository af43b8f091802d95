import { createServer } from 'node:net';

/** A port a command means to listen on, and how its user picks another. */
export interface PortClaim {
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** What cannot start without it, e.g. `the CommBox mock`. */
  what: string;
  /** How to pick another port, e.g. `COMMBOX_MOCK_PORT`. */
  change: string;
}

function isBusy({ port, host = '127.0.0.1' }: PortClaim): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

/** The claims whose port is taken (or not ours to take), all probed at once; port 0 is never taken. */
export async function busyPorts(claims: readonly PortClaim[]): Promise<PortClaim[]> {
  const busy = await Promise.all(claims.map(isBusy));
  return claims.filter((_claim, index) => busy[index]);
}

/** One line per taken port, naming what cannot start and the setting that moves it. */
export function describeBusyPorts(busy: readonly PortClaim[]): string {
  const lines = busy.map(
    ({ port, what, change }) =>
      `Port ${port} is already in use, so ${what} cannot start. Stop what uses it, or set ${change} to another port.`,
  );
  return busy.length > 1
    ? [`${busy.length} ports are in use; nothing was started:`, ...lines.map((line) => `  ${line}`)].join('\n')
    : lines.join('\n');
}
