/**
 * What changed between two versions of an API's generated types, per operation, each change
 * marked breaking or additive for a TypeScript consumer. The TypeScript compiler decides:
 * both versions are loaded into one program and its checker answers whether a consumer's
 * code still compiles, reading responses (is the new type assignable to the old one?) and
 * writing parameters and bodies (is the old type assignable to the new one?).
 */
import ts from 'typescript';
import { OperationDiff } from './type-compare.js';

/** One change a consumer of the generated types can see. */
export interface TypeChange {
  /** The API (a key of `redocly.yaml`). */
  api: string;
  /** The operationId. */
  operation: string;
  /** Where, e.g. `response 200 data[].unreadMessages`, `query tags`, `body messageId`. */
  where: string;
  /** `breaking` when code written against the old types may no longer compile. */
  verdict: 'breaking' | 'additive';
  /** What changed, e.g. `added (optional, string)`, `now required`, `type string → string | number`. */
  what: string;
}

/** Two versions of one API's generated module; `undefined` when the version does not exist. */
export interface TypesPair {
  api: string;
  before: string | undefined;
  after: string | undefined;
}

const ROOT = '/type-diff/';
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
};

/** A program holding every version as an in-memory file, beside the real TypeScript libs. */
function createProgram(files: Map<string, string>): ts.Program {
  const host = ts.createCompilerHost(OPTIONS);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile(name, version) : ts.createSourceFile(name, text, version, true);
  };
  return ts.createProgram([...files.keys()], OPTIONS, host);
}

/**
 * Every change between the `before` and `after` modules of each pair, operation by operation.
 * An API that exists on one side only counts all its operations as added (additive) or removed (breaking).
 */
export function diffGeneratedTypes(pairs: TypesPair[]): TypeChange[] {
  const files = new Map<string, string>();
  for (const pair of pairs) {
    if (pair.before !== undefined) files.set(`${ROOT}${pair.api}.before.ts`, pair.before);
    if (pair.after !== undefined) files.set(`${ROOT}${pair.api}.after.ts`, pair.after);
  }
  const program = createProgram(files);
  const checker = program.getTypeChecker();
  const operationsOf = (name: string): Map<string, ts.Type> => {
    const file = program.getSourceFile(name);
    const module = file && checker.getSymbolAtLocation(file);
    const symbol = module && checker.getExportsOfModule(module).find((exported) => exported.name === 'operations');
    const map = new Map<string, ts.Type>();
    if (!symbol) return map;
    for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      map.set(property.name, checker.getTypeOfSymbol(property));
    }
    return map;
  };
  const changes: TypeChange[] = [];
  for (const pair of pairs) {
    const before = operationsOf(`${ROOT}${pair.api}.before.ts`);
    const after = operationsOf(`${ROOT}${pair.api}.after.ts`);
    for (const operation of new Set([...before.keys(), ...after.keys()])) {
      const add = (where: string, verdict: TypeChange['verdict'], what: string) => changes.push({ api: pair.api, operation, where, verdict, what });
      const old = before.get(operation);
      const next = after.get(operation);
      if (!old) add('operation', 'additive', 'added');
      else if (!next) add('operation', 'breaking', 'removed');
      else new OperationDiff(checker, add).compare(old, next);
    }
  }
  return changes;
}
