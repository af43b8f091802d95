/**
 * openapi-typescript through its Node API, exactly as its CLI writes a file: the same
 * header, the same Redocly config (lint rules, the `remove-x-internal` decorator), no flags.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '@redocly/openapi-core';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const configs = new Map<string, Promise<Config>>();

function redoclyConfig(configPath: string): Promise<Config> {
  const absolute = resolve(configPath);
  let config = configs.get(absolute);
  if (!config) {
    config = loadConfig({ configPath: absolute });
    configs.set(absolute, config);
  }
  return config;
}

/**
 * The TypeScript module openapi-typescript generates for a spec: a file path (relative to the
 * current folder) or the spec's own text (YAML or JSON, e.g. an older version from git).
 * @param configPath the Redocly config to apply. @default `redocly.yaml`
 * @throws {Error} when the spec does not parse or breaks an error-level lint rule
 */
export async function generateTypes(spec: { path: string } | { text: string }, configPath = 'redocly.yaml'): Promise<string> {
  const source = 'path' in spec ? pathToFileURL(resolve(spec.path)) : spec.text;
  const ast = await openapiTS(source, { redocly: await redoclyConfig(configPath), silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}
