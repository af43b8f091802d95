/**
 * Starts Debian's `redis-server` on a free loopback port with no persistence, for the
 * tests and the benchmarks. Runnable alone: `npx tsx scripts/redis-server.ts` prints
 * the URL and serves until Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A running redis-server that can be stopped and started again on the same port. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Kills the server (SIGKILL: as abrupt as a crash) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, and waits until it answers PING. */
  start(): Promise<void>;
}

/**
 * Starts `redis-server --save '' --appendonly no` on a free port and waits until it answers PING.
 * @throws Error when redis-server is missing or does not answer within `readyTimeoutMs` (default 20 s).
 */
export async function startRedisServer(options: { port?: number; readyTimeoutMs?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ];
    const started = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(started, 'exit').then(() => {
      if (child === started) child = undefined;
      throw new Error(`redis-server exited before answering PING: ${stderr.trim() || 'no output'}`);
    });
    const spawnFailed = once(started, 'error').then(([error]) => {
      child = undefined;
      throw new Error(`cannot run ${REDIS_SERVER} (apt-get install redis-server): ${(error as Error).message}`);
    });
    exited.catch(() => {});
    spawnFailed.catch(() => {});
    await Promise.race([waitForPong(port, readyTimeoutMs), exited, spawnFailed]);
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    child = undefined;
    if (running.exitCode === null && running.signalCode === null) {
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    }
  };

  // Never leave a redis-server behind when this process ends without stopping it.
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

/** A port the OS says is free now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls with a raw PING until the server answers +PONG. */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startRedisServer({ port: process.env.REDIS_PORT ? Number(process.env.REDIS_PORT) : undefined });
  console.log(`redis-server (no persistence) on ${server.url}; Ctrl-C stops it`);
  const shutdown = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
