/**
 * One operation's generated types, old against new, walked field by field: the checker decides
 * each verdict (reading a response: is the new type assignable to the old? writing parameters
 * or a body: is the old one assignable to the new?).
 */
import ts from 'typescript';
import type { TypeChange } from './type-diff.js';

type Direction = 'read' | 'write';

/** Where names start: a parameter location, a body, a response (with its media type when several). */
const ROOT_LOCATION = /^(path|query|header|cookie|body|response \d+)( \S+\/\S+)?$/;

type Add = (where: string, verdict: TypeChange['verdict'], what: string) => void;

/** The parts of a type that are compared separately: object members, array elements, and the rest. */
interface Parts {
  objects: ts.Type[];
  elements: ts.Type[];
  others: ts.Type[];
}

/** Compares two versions of one operation's generated type; `add` receives each change. */
export class OperationDiff {
  /** The type pairs being compared right now: a recursive schema is walked once per path. */
  private readonly inProgress = new Map<ts.Type, Set<ts.Type>>();

  private breakingLines = 0;
  private readonly add: Add;

  constructor(
    private readonly checker: ts.TypeChecker,
    add: Add,
  ) {
    this.add = (where, verdict, what) => {
      if (verdict === 'breaking') this.breakingLines++;
      add(where, verdict, what);
    };
  }

  /**
   * The whole-type check behind the field lines: when the compiler finds `source` not assignable
   * to `target` and no line already says breaking, one line says so, so no verdict is missed.
   */
  private wholeTypeCheck(
    source: ts.Type | undefined,
    target: ts.Type | undefined,
    where: string,
    linesBefore: number,
  ): void {
    if (!source || !target || this.breakingLines > linesBefore || this.checker.isTypeAssignableTo(source, target))
      return;
    this.add(
      where,
      'breaking',
      `the compiler finds the ${where.startsWith('response') ? 'new type not assignable to the old' : 'old type not assignable to the new'} one`,
    );
  }

  compare(old: ts.Type, next: ts.Type): void {
    const oldParameters = this.property(old, 'parameters');
    const newParameters = this.property(next, 'parameters');
    const mark = this.breakingLines;
    for (const location of ['path', 'query', 'header', 'cookie']) {
      this.compareProperties(
        this.propsOf(this.property(oldParameters, location)),
        this.propsOf(this.property(newParameters, location)),
        location,
        'write',
      );
    }
    // Writing: code that passed the old parameters must still compile against the new ones.
    this.wholeTypeCheck(oldParameters, newParameters, 'parameters', mark);
    const oldBody = this.present(this.property(old, 'requestBody'));
    const newBody = this.present(this.property(next, 'requestBody'));
    const bodyMark = this.breakingLines;
    if (oldBody || newBody)
      this.compareContent(
        oldBody,
        newBody,
        'body',
        'write',
        this.isOptional(old, 'requestBody'),
        this.isOptional(next, 'requestBody'),
      );
    this.wholeTypeCheck(this.property(oldBody, 'content'), this.property(newBody, 'content'), 'body', bodyMark);
    const oldResponses = this.property(old, 'responses');
    const newResponses = this.property(next, 'responses');
    const codes = new Set([...this.names(oldResponses), ...this.names(newResponses)]);
    for (const code of codes) {
      const success = code.startsWith('2');
      const before = this.property(oldResponses, code);
      const after = this.property(newResponses, code);
      if (!before)
        this.add(
          `response ${code}`,
          success ? 'breaking' : 'additive',
          success ? 'added: the call may now resolve to another shape' : 'added',
        );
      else if (!after) this.add(`response ${code}`, 'additive', 'removed');
      else if (success) {
        const mark = this.breakingLines;
        this.compareContent(
          this.property(before, 'content'),
          this.property(after, 'content'),
          `response ${code}`,
          'read',
        );
        // Reading: what the call resolves to now must fit where the old result was used.
        this.wholeTypeCheck(
          this.property(after, 'content'),
          this.property(before, 'content'),
          `response ${code}`,
          mark,
        );
      }
    }
  }

  /** Compares `content` maps (media type → type); a request body's own optionality too. */
  private compareContent(
    old: ts.Type | undefined,
    next: ts.Type | undefined,
    where: string,
    direction: Direction,
    oldOptional = false,
    newOptional = false,
  ): void {
    if (direction === 'write' && !old && next) {
      this.add(where, newOptional ? 'additive' : 'breaking', newOptional ? 'added (optional)' : 'added (required)');
      return;
    }
    if (direction === 'write' && old && !next) {
      this.add(where, 'breaking', 'removed');
      return;
    }
    if (direction === 'write' && oldOptional !== newOptional)
      this.add(where, newOptional ? 'additive' : 'breaking', newOptional ? 'now optional' : 'now required');
    const oldContent = direction === 'write' ? this.property(old, 'content') : old;
    const newContent = direction === 'write' ? this.property(next, 'content') : next;
    const media = new Set([...this.names(oldContent), ...this.names(newContent)]);
    for (const type of media) {
      const label = media.size > 1 || type !== 'application/json' ? `${where} ${type}` : where;
      this.compareTypes(this.property(oldContent, type), this.property(newContent, type), label, direction);
    }
  }

  /** Compares two object types property by property (parameters of one location, or object parts). */
  private compareProperties(old: ts.Symbol[], next: ts.Symbol[], where: string, direction: Direction): void {
    const oldProps = new Map(old.map((symbol) => [symbol.name, symbol]));
    const newProps = new Map(next.map((symbol) => [symbol.name, symbol]));
    for (const name of new Set([...oldProps.keys(), ...newProps.keys()])) {
      const label = ROOT_LOCATION.test(where) ? `${where} ${name}` : `${where}.${name}`;
      const before = oldProps.get(name);
      const after = newProps.get(name);
      if (!before && after) {
        const optional = this.optional(after);
        const verdict = direction === 'read' || optional ? 'additive' : 'breaking';
        this.add(
          label,
          verdict,
          `added (${optional ? 'optional' : 'required'}, ${this.show(this.checker.getTypeOfSymbol(after))})`,
        );
      } else if (before && !after) {
        // A field respelled (streamid → streamId) reads as removed + added; say so.
        const respelled = [...newProps.keys()].find(
          (other) => !oldProps.has(other) && other.toLowerCase() === name.toLowerCase(),
        );
        this.add(
          label,
          'breaking',
          `removed (was ${this.show(this.checker.getTypeOfSymbol(before))})${respelled ? `; now spelled ${respelled}` : ''}`,
        );
      } else if (before && after) {
        const wasOptional = this.optional(before);
        const isOptional = this.optional(after);
        if (wasOptional !== isOptional) {
          // Reading, `T | undefined` where `T` was promised breaks; writing, a newly required key breaks.
          const breaking = direction === 'read' ? isOptional : !isOptional;
          this.add(label, breaking ? 'breaking' : 'additive', isOptional ? 'now optional' : 'now required');
        }
        this.compareTypes(this.checker.getTypeOfSymbol(before), this.checker.getTypeOfSymbol(after), label, direction);
      }
    }
  }

  /** Compares two types: object parts by property, array elements, then the other union members. */
  private compareTypes(old: ts.Type | undefined, next: ts.Type | undefined, where: string, direction: Direction): void {
    if (!old || !next) return;
    const targets = this.inProgress.get(old) ?? new Set<ts.Type>();
    if (targets.has(next)) return;
    this.inProgress.set(old, targets.add(next));
    try {
      this.compareParts(old, next, where, direction);
    } finally {
      targets.delete(next);
    }
  }

  private compareParts(old: ts.Type, next: ts.Type, where: string, direction: Direction): void {
    const before = this.parts(old);
    const after = this.parts(next);
    if (before.objects.length > 0 && after.objects.length === before.objects.length) {
      // anyOf/oneOf of objects: each old alternative against the new one closest in shape, named by its place.
      const count = before.objects.length;
      this.pairAlternatives(before.objects, after.objects).forEach((newIndex, index) => {
        const label =
          count === 1
            ? where
            : `${where} (branch ${index + 1} of ${count}${newIndex === index ? '' : `, now ${newIndex + 1}`})`;
        this.compareProperties(
          this.merge([before.objects[index]!]),
          this.merge([after.objects[newIndex]!]),
          label,
          direction,
        );
      });
      this.compareIndexes(before.objects, after.objects, where, direction);
    } else if (before.objects.length > 0 && after.objects.length > 0) {
      this.compareProperties(this.merge(before.objects), this.merge(after.objects), where, direction);
      this.compareIndexes(before.objects, after.objects, where, direction);
    }
    if (before.elements.length > 0 && after.elements.length > 0) {
      for (const element of after.elements) this.compareTypes(before.elements[0], element, `${where}[]`, direction);
    }
    const oldShape = this.shape(before);
    const newShape = this.shape(after);
    const added = newShape.filter((member) => !oldShape.includes(member));
    const removed = oldShape.filter((member) => !newShape.includes(member));
    if (added.length === 0 && removed.length === 0) return;
    // The compiler decides: reading, every new member must fit the old type; writing, every old member the new one.
    const [sources, target] = direction === 'read' ? [after.others, old] : [before.others, next];
    const fits = sources.every((member) => this.checker.isTypeAssignableTo(member, target));
    const shapeFits =
      direction === 'read'
        ? added.every((member) => member !== 'object' && member !== 'array')
        : removed.every((member) => member !== 'object' && member !== 'array');
    const parts = [
      added.length ? `now also ${added.join(' | ')}` : '',
      removed.length ? `no longer ${removed.join(' | ')}` : '',
    ].filter(Boolean);
    this.add(
      where || '(root)',
      fits && shapeFits ? 'additive' : 'breaking',
      `type ${this.show(old)} → ${this.show(next)} (${parts.join('; ')})`,
    );
  }

  /**
   * For each old alternative, the index of its new counterpart: in order, unless another pairing
   * shares more property names in total (a reordered anyOf/oneOf is still compared branch by branch).
   */
  private pairAlternatives(old: ts.Type[], next: ts.Type[]): number[] {
    const names = (type: ts.Type) => new Set(this.checker.getPropertiesOfType(type).map((symbol) => symbol.name));
    const oldNames = old.map(names);
    const newNames = next.map(names);
    const shared = (from: number, to: number) => [...newNames[to]!].filter((name) => oldNames[from]!.has(name)).length;
    const score = (pairing: number[]) => pairing.reduce((sum, to, from) => sum + shared(from, to), 0);
    let best = old.map((_, index) => index);
    if (old.length > 6) return best;
    let bestScore = score(best);
    const permute = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) {
        const candidate = score(prefix);
        if (candidate > bestScore) [best, bestScore] = [prefix, candidate];
        return;
      }
      rest.forEach((value, index) => permute([...prefix, value], [...rest.slice(0, index), ...rest.slice(index + 1)]));
    };
    permute([], best);
    return best;
  }

  /** `additionalProperties` maps: their value types compared as `where[key]`. */
  private compareIndexes(old: ts.Type[], next: ts.Type[], where: string, direction: Direction): void {
    const index = (types: ts.Type[]) =>
      types.flatMap((type) => this.checker.getIndexInfosOfType(type)).map((info) => info.type)[0];
    const before = index(old);
    const after = index(next);
    if (before && after) this.compareTypes(before, after, `${where}[key]`, direction);
    else if (before || after) {
      const additive = direction === 'read' ? !after : !before;
      this.add(
        `${where}[key]`,
        additive ? 'additive' : 'breaking',
        before ? 'no longer open to any key' : 'now open to any key',
      );
    }
  }

  private parts(type: ts.Type): Parts {
    const members = type.isUnion() ? type.types : [type];
    const parts: Parts = { objects: [], elements: [], others: [] };
    for (const member of members) {
      if (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Never)) continue;
      if (this.checker.isArrayType(member) || this.checker.isTupleType(member)) {
        parts.elements.push(...this.checker.getTypeArguments(member as ts.TypeReference));
      } else if (member.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
        parts.objects.push(member);
      } else {
        parts.others.push(member);
      }
    }
    return parts;
  }

  /** What a type is made of, by name: its other members, then `object` and `array` when it has such parts. */
  private shape(parts: Parts): string[] {
    return [
      ...parts.others.map((type) => this.checker.typeToString(type)),
      ...(parts.objects.length > 0 ? ['object'] : []),
      ...(parts.elements.length > 0 ? ['array'] : []),
    ];
  }

  /** The properties of an object type, or none when it is absent or `never`. */
  private propsOf(type: ts.Type | undefined): ts.Symbol[] {
    const present = this.present(type);
    return present ? this.merge(this.parts(present).objects) : [];
  }

  /** The properties of the object parts of a union: the first object that declares each property wins. */
  private merge(objects: ts.Type[]): ts.Symbol[] {
    const seen = new Set<string>();
    const symbols: ts.Symbol[] = [];
    for (const object of objects) {
      for (const symbol of this.checker.getPropertiesOfType(object)) {
        if (!seen.has(symbol.name)) symbols.push(symbol);
        seen.add(symbol.name);
      }
    }
    return symbols;
  }

  private property(type: ts.Type | undefined, name: string): ts.Type | undefined {
    if (!type) return undefined;
    const symbol = this.checker.getPropertyOfType(this.checker.getNonNullableType(type), name);
    return symbol ? this.checker.getTypeOfSymbol(symbol) : undefined;
  }

  private isOptional(type: ts.Type, name: string): boolean {
    const symbol = this.checker.getPropertyOfType(type, name);
    return symbol ? this.optional(symbol) : true;
  }

  /** `undefined` when a type is `never` (an absent location, no request body). */
  private present(type: ts.Type | undefined): ts.Type | undefined {
    if (!type) return undefined;
    const parts = this.parts(type);
    return parts.objects.length + parts.elements.length + parts.others.length === 0 ? undefined : type;
  }

  private names(type: ts.Type | undefined): string[] {
    return type ? this.checker.getPropertiesOfType(type).map((symbol) => symbol.name) : [];
  }

  private optional(symbol: ts.Symbol): boolean {
    return (symbol.flags & ts.SymbolFlags.Optional) !== 0;
  }

  private show(type: ts.Type): string {
    const text = this.checker
      .typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
      .replace(/ \| undefined$/, '');
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }
}
