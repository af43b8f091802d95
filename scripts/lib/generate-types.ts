/**
 * openapi-typescript through its Node API, exactly as its CLI writes a file: the same
 * header, the same Redocly config (lint rules, the `remove-x-internal` decorator), no flags.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaseResolver, createConfig, lintDocument, loadConfig, Source, type Config } from '@redocly/openapi-core';
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
export async function generateTypes(
  spec: { path: string } | { text: string },
  configPath = 'redocly.yaml',
): Promise<string> {
  const source = 'path' in spec ? pathToFileURL(resolve(spec.path)) : spec.text;
  const ast = await openapiTS(source, { redocly: await redoclyConfig(configPath), silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

let lenient: Promise<Config> | undefined;

/** A Redocly config with no lint rule at all: a document that bundles generates, whatever its style. */
function lenientConfig(): Promise<Config> {
  lenient ??= createConfig({ extends: [], rules: {} } as never);
  return lenient;
}

/**
 * The module openapi-typescript generates for any parsed OpenAPI document (e.g. a vendor's),
 * linted by no rule: only a document that cannot be bundled (a reference that leads nowhere) fails.
 * @throws {Error} when the document does not bundle or is not OpenAPI 3
 */
export async function generateTypesLenient(doc: object): Promise<string> {
  const ast = await openapiTS(structuredClone(doc) as never, { redocly: await lenientConfig(), silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

/**
 * What the lint rules of `configPath` find in a parsed document, `rule at pointer: message`
 * (for a report, never a stop).
 */
export async function lintFindings(doc: object, configPath = 'redocly.yaml'): Promise<string[]> {
  const config = await redoclyConfig(configPath);
  const document = {
    source: new Source(resolve('document.json'), JSON.stringify(doc), 'application/json'),
    parsed: doc,
  };
  const problems = await lintDocument({
    document,
    config: config.styleguide,
    externalRefResolver: new BaseResolver(config.resolve),
  });
  return problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '#/'}: ${problem.message}`);
}
