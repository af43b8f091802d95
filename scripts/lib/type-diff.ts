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
  /** The operationId, or `METHOD /path` for an operation that has none. */
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
  /** How each side is named in an error (e.g. `--old vendor.json`). @default `<api> before`, `<api> after` */
  labels?: { before: string; after: string };
}

/** A side's generated module does not compile: its types would be read as `any`, so no verdict is given. */
export class GeneratedTypesError extends Error {
  constructor(
    /** The side, as labelled in its pair. */
    readonly side: string,
    /** Every error, `line:column TSxxxx message`. */
    readonly errors: string[],
  ) {
    const first = errors
      .slice(0, 3)
      .map((error) => `\n  ${error}`)
      .join('');
    super(
      `${side}: its generated types do not compile (${errors.length} TypeScript error${errors.length === 1 ? '' : 's'}), first:${first}`,
    );
    this.name = 'GeneratedTypesError';
  }
}

/** The TypeScript errors of one in-memory file, `line:column TSxxxx message`. */
function compileErrors(program: ts.Program, name: string): string[] {
  const file = program.getSourceFile(name);
  if (!file) return [];
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${line + 1}:${character + 1} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The operations of a generated module: those of its `operations` export by operationId, and
 * those written inline in `paths` (no operationId) as `METHOD /path`. `routes` receives each
 * operationId's `METHOD /path`.
 */
function operationsOf(
  program: ts.Program,
  checker: ts.TypeChecker,
  name: string,
  routes = new Map<string, string>(),
): Map<string, ts.Type> {
  const map = new Map<string, ts.Type>();
  const file = program.getSourceFile(name);
  const module = file && checker.getSymbolAtLocation(file);
  if (!file || !module) return map;
  const exports = checker.getExportsOfModule(module);
  const operations = exports.find((exported) => exported.name === 'operations');
  if (operations) {
    for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(operations)))
      map.set(property.name, checker.getTypeOfSymbol(property));
  }
  const paths = file.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === 'paths',
  );
  for (const item of paths?.members ?? []) {
    if (!ts.isPropertySignature(item) || !item.type || !ts.isTypeLiteralNode(item.type) || !item.name) continue;
    const path = ts.isStringLiteral(item.name) || ts.isIdentifier(item.name) ? item.name.text : item.name.getText(file);
    for (const member of item.type.members) {
      if (
        !ts.isPropertySignature(member) ||
        !member.type ||
        !member.name ||
        !ts.isIdentifier(member.name) ||
        !METHODS.includes(member.name.text)
      )
        continue;
      const route = `${member.name.text.toUpperCase()} ${path}`;
      // `get: operations["x"]` is keyed by its id above; `get?: never` is no operation.
      if (ts.isIndexedAccessTypeNode(member.type)) {
        if (ts.isLiteralTypeNode(member.type.indexType) && ts.isStringLiteral(member.type.indexType.literal))
          routes.set(member.type.indexType.literal.text, route);
        continue;
      }
      if (member.type.kind === ts.SyntaxKind.NeverKeyword) continue;
      map.set(route, checker.getTypeFromTypeNode(member.type));
    }
  }
  return map;
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

/** The TypeScript lib files, parsed once per process: every program reuses them. */
const libFiles = new Map<string, ts.SourceFile | undefined>();

/** A program holding every version as an in-memory file, beside the real TypeScript libs. */
function createProgram(files: Map<string, string>): ts.Program {
  const host = ts.createCompilerHost(OPTIONS);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, version, true);
    if (!libFiles.has(name)) libFiles.set(name, getSourceFile(name, version));
    return libFiles.get(name);
  };
  return ts.createProgram([...files.keys()], OPTIONS, host);
}

/**
 * Every change between the `before` and `after` modules of each pair, operation by operation
 * (by operationId, or by method and path for an operation without one). An API that exists on
 * one side only counts all its operations as added (additive) or removed (breaking). Every pair
 * is loaded into one program (identical modules once), so many pairs cost one compilation.
 * @throws {GeneratedTypesError} naming the side and its first errors when a module does not compile
 */
export function diffGeneratedTypes(pairs: TypesPair[]): TypeChange[] {
  const files = new Map<string, string>();
  const byText = new Map<string, string>();
  const fileOf = (text: string | undefined, name: string): string | undefined => {
    if (text === undefined) return undefined;
    const known = byText.get(text);
    if (known) return known;
    files.set(name, text);
    byText.set(text, name);
    return name;
  };
  const sides = pairs.map((pair, index) => ({
    pair,
    before: fileOf(pair.before, `${ROOT}${index}.before.ts`),
    after: fileOf(pair.after, `${ROOT}${index}.after.ts`),
  }));
  const program = createProgram(files);
  for (const { pair, before, after } of sides) {
    for (const [side, name] of [
      ['before', before],
      ['after', after],
    ] as const) {
      const errors = name === undefined ? [] : compileErrors(program, name);
      if (errors.length > 0) throw new GeneratedTypesError(pair.labels?.[side] ?? `${pair.api} ${side}`, errors);
    }
  }
  const checker = program.getTypeChecker();
  const changes: TypeChange[] = [];
  for (const { pair, before: beforeFile, after: afterFile } of sides) {
    const routes = new Map<string, string>();
    const before =
      beforeFile === undefined ? new Map<string, ts.Type>() : operationsOf(program, checker, beforeFile, routes);
    const after =
      afterFile === undefined ? new Map<string, ts.Type>() : operationsOf(program, checker, afterFile, routes);
    const routeOf = (key: string) => routes.get(key) ?? key;
    const paired = new Set<string>();
    for (const operation of new Set([...before.keys(), ...after.keys()])) {
      if (paired.has(operation)) continue;
      const add = (where: string, verdict: TypeChange['verdict'], what: string) =>
        changes.push({ api: pair.api, operation, where, verdict, what });
      const old = before.get(operation);
      const next = after.get(operation);
      // An operation that gained or lost its operationId: the same route, compared field by field.
      const counterpart =
        old && next
          ? undefined
          : [...(old ? after : before).keys()].find(
              (key) =>
                key !== operation &&
                !(old ? before : after).has(key) &&
                routeOf(key) === routeOf(operation) &&
                (key === routeOf(key) || operation === routeOf(operation)),
            );
      if (counterpart) {
        paired.add(counterpart);
        const [from, to] = old ? [operation, counterpart] : [counterpart, operation];
        const label = `${to} (was ${from})`;
        const addPaired = (where: string, verdict: TypeChange['verdict'], what: string) =>
          changes.push({ api: pair.api, operation: label, where, verdict, what });
        addPaired(
          'operation',
          from === routeOf(from) ? 'additive' : 'breaking',
          from === routeOf(from)
            ? `operationId ${to} added`
            : `operationId ${from} removed: operations["${from}"] no longer exists`,
        );
        new OperationDiff(checker, addPaired).compare(before.get(from)!, after.get(to)!);
      } else if (!old) add('operation', 'additive', 'added');
      else if (!next) add('operation', 'breaking', 'removed');
      else new OperationDiff(checker, add).compare(old, next);
    }
  }
  return changes;
}
