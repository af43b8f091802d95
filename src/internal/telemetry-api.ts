import type * as OpenTelemetryApi from '@opentelemetry/api';

/** The parts of `@opentelemetry/api` this package uses (the types only: the module itself is an optional peer). */
export type OtelApi = Pick<
  typeof OpenTelemetryApi,
  | 'trace'
  | 'context'
  | 'metrics'
  | 'propagation'
  | 'SpanKind'
  | 'SpanStatusCode'
  | 'ProxyTracerProvider'
  | 'createNoopMeter'
>;

const SPECIFIER = '@opentelemetry/api';
/** `undefined`: not looked for yet; `null`: not installed (or not loadable here). */
let api: OtelApi | null | undefined;
let loading: Promise<OtelApi | null> | undefined;

interface NodeProcess {
  getBuiltinModule?: (id: string) => { createRequire?: (from: string) => (id: string) => unknown } | undefined;
}

/** Node 20.16+ (and Bun, Deno): the module synchronously, from where this package is installed. */
function requireSync(): OtelApi | null | undefined {
  try {
    const process = (globalThis as { process?: NodeProcess }).process;
    const createRequire = process?.getBuiltinModule?.('node:module')?.createRequire;
    if (!createRequire) return undefined;
    return createRequire(import.meta.url)(SPECIFIER) as OtelApi;
  } catch {
    return null;
  }
}

/**
 * `@opentelemetry/api` when the application installed it, else `undefined` (everything then costs one
 * variable read). Found synchronously on Node 20.16+; elsewhere the first call starts a dynamic `import()`
 * (its specifier a variable, so no bundler tries to resolve or inline it) and calls made before it settles
 * are not traced. The API's own global registry makes this copy share the application's SDK, whichever
 * build (ESM or CJS) each side loaded. Never throws.
 */
export function otelApi(): OtelApi | undefined {
  if (api === undefined) {
    api = requireSync();
    if (api === undefined) void loadOtelApi();
  }
  return api ?? undefined;
}

/**
 * Resolves once the lookup of `@opentelemetry/api` is over: to the API, or `null` when it is not installed.
 * Never rejects.
 */
export function loadOtelApi(): Promise<OtelApi | null> {
  if (api !== undefined) return Promise.resolve(api);
  const specifier = SPECIFIER;
  loading ??= import(/* @vite-ignore */ /* webpackIgnore: true */ specifier).then(
    (module: OtelApi & { default?: OtelApi }) => (api = module.trace ? module : (module.default ?? null)),
    () => (api = null),
  );
  return loading;
}

/** Tests only: forget what was found, or force an API (`null`: behave as if it were not installed). */
export function setOtelApiForTests(value: OtelApi | null | undefined): void {
  api = value;
  loading = undefined;
}
