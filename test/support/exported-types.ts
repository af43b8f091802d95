import ts from 'typescript';

/**
 * The checker's view of one entry point's exports, for tests of what an editor shows on hover:
 * `declared(name)` the type an exported interface or alias declares, `valueOf(name)` an exported
 * value's type, `show(type)` the checker's own printing of it (never truncated), `member(type, name)` a property's type.
 */
export function exportedTypes(file: string) {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
  const symbol = (name: string) => checker.getAliasedSymbol(exports.find((candidate) => candidate.name === name)!);
  return {
    checker,
    symbol,
    declared: (name: string) => checker.getDeclaredTypeOfSymbol(symbol(name)),
    valueOf: (name: string) => checker.getTypeOfSymbol(symbol(name)),
    show: (type: ts.Type) => checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation),
    /** The type of a type's property `name`. */
    member: (type: ts.Type, name: string) => checker.getTypeOfSymbol(type.getProperty(name)!),
  };
}
