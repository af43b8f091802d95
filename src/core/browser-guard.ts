/** The runtime globals the guard looks at (absent in Node, Bun, Deno and edge runtimes). */
interface BrowserGlobals {
  window?: { document?: unknown };
  document?: unknown;
  navigator?: unknown;
  importScripts?: unknown;
  WorkerGlobalScope?: unknown;
  Deno?: unknown;
}

/**
 * Whether this code runs in a web page (`window`, `document` and `navigator` present, as
 * openai-node checks) or a browser worker (dedicated, shared or service: `WorkerGlobalScope`
 * with `importScripts`). Server runtimes have neither.
 */
export function isBrowser(globals: BrowserGlobals = globalThis as BrowserGlobals): boolean {
  if (globals.Deno !== undefined) return false;
  const page =
    typeof globals.window === 'object' && globals.window?.document !== undefined && globals.navigator !== undefined;
  const worker = typeof globals.WorkerGlobalScope === 'function' && typeof globals.importScripts === 'function';
  return page || worker;
}

/**
 * Refuses to build a vendor client in a browser: its API key would ship to every visitor,
 * and the visitor could pick whose conversations to read.
 * @throws {Error} in a browser, unless `dangerouslyAllowBrowser` is true
 */
export function refuseBrowser(
  where: string,
  dangerouslyAllowBrowser: boolean | undefined,
  globals?: BrowserGlobals,
): void {
  if (dangerouslyAllowBrowser === true || !isBrowser(globals)) return;
  throw new Error(
    `${where}: refused in a browser, where every visitor could read the API key. Serve the inbox with createInboxHandler ` +
      '(conversations-client/server) and call it with createInboxClient (conversations-client/browser); dangerouslyAllowBrowser: true overrides this.',
  );
}
