import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFrontServer } from './stateful/front-server.js';
import type { FaultOptions } from './stateful/faults.js';
import type { Random } from './stateful/random.js';
import { operationExamples } from './stateful/examples.js';
import type { PrismOperation, StatefulApi } from './stateful/types.js';

export type { PrismOperation } from './stateful/types.js';

interface PrismServer {
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** Raised when Prism, an optional peer dependency, is not installed. */
export class MockUnavailableError extends Error {
  override name = 'MockUnavailableError';
  constructor(cause: unknown) {
    super('The mock servers need Prism: npm install --save-dev @stoplight/prism-cli', { cause });
  }
}

/**
 * The environment variable naming the Prism CLI package to load instead of `@stoplight/prism-cli`
 * (an installed package name, e.g. an npm alias of another Prism version).
 */
export const PRISM_PACKAGE_ENV = 'CONVERSATIONS_MOCK_PRISM';

/** The package Prism is loaded from: {@link PRISM_PACKAGE_ENV} when set, else `@stoplight/prism-cli`. */
export function prismPackage(env: Record<string, string | undefined> = process.env): string {
  return env[PRISM_PACKAGE_ENV]?.trim() || '@stoplight/prism-cli';
}

/**
 * Prism's server packages, resolved through @stoplight/prism-cli (the one peer users install; on
 * Node 24 and later install 5.15 or later, which needs Node 24), or the package {@link PRISM_PACKAGE_ENV} names.
 * @throws {MockUnavailableError} when it is not installed
 */
export function loadPrism() {
  try {
    const fromCli = createRequire(createRequire(import.meta.url).resolve(`${prismPackage()}/package.json`));
    return {
      core: fromCli('@stoplight/prism-core') as { createLogger(name: string, options?: object): unknown },
      http: fromCli('@stoplight/prism-http') as { getHttpOperationsFromSpec(spec: string): Promise<PrismOperation[]> },
      server: fromCli('@stoplight/prism-http-server') as {
        createServer(operations: PrismOperation[], options: object): PrismServer;
      },
    };
  } catch (error) {
    throw new MockUnavailableError(error);
  }
}

export type Prism = ReturnType<typeof loadPrism>;

/** The path of a file shipped with the package, e.g. `openapi/commbox.yaml` (found from src/mock/ or dist/ alike). */
export function specFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${relative} is missing from the package`);
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Where and how one fronted Prism serves. */
export interface FrontedPrismOptions {
  port: number;
  host?: string;
  /** For Prism's logger. */
  name: string;
  state: StatefulApi;
  faults: FaultOptions;
  random: Random;
}

/**
 * Prism on a loopback port of its own (validating requests like the real API, answering with the
 * spec's examples) behind the stateful front server on `port`.
 * @throws the listen error (`EADDRINUSE` when `port` is taken), after closing Prism
 */
export async function startFrontedPrism(
  prism: Prism,
  operations: PrismOperation[],
  options: FrontedPrismOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = prism.server.createServer(operations, {
    cors: true,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      isProxy: false,
      mock: { dynamic: false },
    },
    components: { logger: prism.core.createLogger(`${options.name}-mock`, { level: 'silent' }) },
  });
  const prismUrl = await server.listen(0, '127.0.0.1');
  const front = createFrontServer({
    prismUrl,
    examples: operationExamples(operations),
    state: options.state,
    faults: options.faults,
    random: options.random,
  });
  try {
    const url = await listen(front, options.port, options.host ?? '127.0.0.1');
    return { url, close: async () => void (await Promise.all([closeServer(front), server.close()])) };
  } catch (error) {
    await server.close();
    throw error;
  }
}
