import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The mocked APIs: their spec files (shipped in the package) and default ports. */
export const MOCKED_APIS = {
  commbox: { title: 'CommBox', spec: 'openapi/commbox.yaml', defaultPort: 4010, portEnv: 'COMMBOX_MOCK_PORT' },
  cometchat: { title: 'CometChat', spec: 'openapi/cometchat.yaml', defaultPort: 4011, portEnv: 'COMETCHAT_MOCK_PORT' },
} as const;

export type MockedApi = keyof typeof MOCKED_APIS;

/** Options of `startMockServers`. */
export interface MockServerOptions {
  /** Port of the CommBox mock; 0 picks a free one. @default 0 */
  commboxPort?: number;
  /** Port of the CometChat mock; 0 picks a free one. @default 0 */
  cometchatPort?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Serve data generated from the schemas instead of the spec examples. @default false */
  dynamic?: boolean;
}

/** One mocked operation and the scenarios it serves. */
export interface MockOperation {
  api: MockedApi;
  operationId: string;
  method: string;
  path: string;
  /** Names for `Prefer: example=NAME` (2xx examples; the first is the default). */
  examples: string[];
  /** Statuses for `Prefer: code=NNN`. */
  codes: string[];
}

/** The running mocks. */
export interface MockServers {
  commbox: { url: string };
  cometchat: { url: string };
  /** Every mocked operation with its scenarios. */
  operations: MockOperation[];
  /** Stops both servers. */
  close(): Promise<void>;
}

interface PrismOperation {
  iid?: string;
  method: string;
  path: string;
  responses: { code: string; contents?: { examples?: { key: string }[] }[] }[];
}

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

/** Raised when a mock's port is taken. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly api: MockedApi,
    readonly port: number,
  ) {
    super(`Port ${port} is already in use, so the ${MOCKED_APIS[api].title} mock cannot start. Stop what uses it, or set ${MOCKED_APIS[api].portEnv} to another port.`);
  }
}

function loadPrism() {
  try {
    // Resolve Prism's server packages through @stoplight/prism-cli, the one peer users install.
    const fromCli = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'));
    return {
      core: fromCli('@stoplight/prism-core') as { createLogger(name: string, options?: object): unknown },
      http: fromCli('@stoplight/prism-http') as { getHttpOperationsFromSpec(spec: string): Promise<PrismOperation[]>; resetJSONSchemaGenerator(): void },
      server: fromCli('@stoplight/prism-http-server') as { createServer(operations: PrismOperation[], options: object): PrismServer },
      faker: createRequire(fromCli.resolve('@stoplight/prism-http'))('json-schema-faker') as { JSONSchemaFaker: { option(name: string, value: unknown): void } },
    };
  } catch (error) {
    throw new MockUnavailableError(error);
  }
}

/** The path of a spec file shipped with the package (found from src/mock/ or dist/ alike). */
export function specPath(api: MockedApi): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    const candidate = join(dir, MOCKED_APIS[api].spec);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${MOCKED_APIS[api].spec} is missing from the package`);
}

function describeOperation(api: MockedApi, operation: PrismOperation): MockOperation {
  const examplesOf = (code: string) =>
    operation.responses.filter((response) => response.code === code).flatMap((response) => response.contents ?? []).flatMap((content) => content.examples ?? []).map((example) => example.key);
  return {
    api,
    operationId: operation.iid ?? `${operation.method} ${operation.path}`,
    method: operation.method.toUpperCase(),
    path: operation.path,
    examples: operation.responses.filter((response) => response.code.startsWith('2')).flatMap((response) => examplesOf(response.code)),
    codes: operation.responses.map((response) => response.code).filter((code) => !code.startsWith('2')),
  };
}

type Started = { url: string; server: PrismServer; operations: MockOperation[] };

async function startOne(prism: ReturnType<typeof loadPrism>, api: MockedApi, port: number, options: MockServerOptions): Promise<Started> {
  const operations = await prism.http.getHttpOperationsFromSpec(specPath(api));
  const server = prism.server.createServer(operations, {
    cors: true,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      isProxy: false,
      mock: { dynamic: options.dynamic ?? false },
    },
    components: { logger: prism.core.createLogger(`${api}-mock`, { level: 'silent' }) },
  });
  try {
    const url = await server.listen(port, options.host ?? '127.0.0.1');
    return { url, server, operations: operations.map((operation) => describeOperation(api, operation)) };
  } catch (error) {
    if (String(error).includes('EADDRINUSE')) throw new PortInUseError(api, port);
    throw error;
  }
}

/**
 * Starts Prism mocks of both APIs in this process (Node only), validating
 * requests like the real APIs and answering with the spec examples (pick one
 * with `Prefer: example=NAME`, an error with `Prefer: code=429`). CORS is on.
 * @throws {MockUnavailableError} when @stoplight/prism-cli is not installed
 * @throws {PortInUseError} when a port is taken
 * @example
 * const mocks = await startMockServers();
 * const commbox = createCommBoxClient({ token: 'any', baseUrl: mocks.commbox.url });
 * await mocks.close();
 */
export async function startMockServers(options: MockServerOptions = {}): Promise<MockServers> {
  const prism = loadPrism();
  prism.http.resetJSONSchemaGenerator();
  // Dynamic data stays within the schemas: no invented extra properties.
  prism.faker.JSONSchemaFaker.option('fillProperties', false);
  const commbox = await startOne(prism, 'commbox', options.commboxPort ?? 0, options);
  let cometchat: Started;
  try {
    cometchat = await startOne(prism, 'cometchat', options.cometchatPort ?? 0, options);
  } catch (error) {
    await commbox.server.close();
    throw error;
  }
  return {
    commbox: { url: commbox.url },
    cometchat: { url: cometchat.url },
    operations: [...commbox.operations, ...cometchat.operations],
    close: async () => {
      await Promise.all([commbox.server.close(), cometchat.server.close()]);
    },
  };
}
