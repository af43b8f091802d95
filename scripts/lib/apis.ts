/** The APIs `redocly.yaml` lists: one config drives lint, codegen and the spec tools. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** One API of `redocly.yaml`: its spec and where its generated types go. */
export interface ApiEntry {
  /** The key under `apis` (e.g. `commbox`). */
  name: string;
  /** The spec, relative to the config's folder (e.g. `./openapi/commbox.yaml`). */
  root: string;
  /** The generated types file, relative to the config's folder, when the API has `x-openapi-ts.output`. */
  output?: string;
}

/**
 * Every API of the config at `configPath` (default `redocly.yaml` in the current folder), in file order.
 * @throws {Error} when the config has no `apis`
 */
export function listApis(configPath = 'redocly.yaml'): ApiEntry[] {
  const config = parse(readFileSync(configPath, 'utf8')) as {
    apis?: Record<string, { root: string; 'x-openapi-ts'?: { output?: string } }>;
  };
  if (!config?.apis) throw new Error(`${resolve(configPath)} lists no apis`);
  return Object.entries(config.apis).map(([name, api]) => ({
    name,
    root: api.root,
    output: api['x-openapi-ts']?.output,
  }));
}
