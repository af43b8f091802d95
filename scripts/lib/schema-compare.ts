/** Compares a vendor's schema with ours, recursively, and reports each difference located in both documents. */
import { facts, type Facts } from './schema-facts.js';
import type { Json, JsonObject } from './openapi-doc.js';

/** The kinds of difference, from the vendor document's point of view. */
export type DifferenceKind =
  | 'vendor-only-parameter'
  | 'ours-only-parameter'
  | 'vendor-only-property'
  | 'ours-only-property'
  | 'vendor-only-response'
  | 'vendor-only-body'
  | 'type'
  | 'format'
  | 'nullable'
  | 'enum'
  | 'required'
  | 'style';

/** One difference between the vendor's document and ours. */
export interface Difference {
  /** Our API (a key of redocly.yaml) and operationId. */
  api: string;
  operation: string;
  kind: DifferenceKind;
  /** JSON pointers into our spec: where the difference sits, and the node it resolves to. */
  ours: string[];
  /** The parameter, property or response code, for the `*-only-*` and `required` kinds. */
  name?: string;
  /** JSON pointer into the vendor's document. */
  vendor: string;
  /** What the vendor's document states (e.g. `integer`, `date-time`, `not nullable`). */
  vendorSays: string;
  /** What ours states. */
  oursSays: string;
}

const show = (values: Iterable<string>) => [...values].sort().join(' | ') || 'nothing';

/** Compares the schemas of one operation; `push` receives each difference. */
export class SchemaComparer {
  private readonly seen = new Set<string>();

  constructor(
    private readonly vendorDoc: JsonObject,
    private readonly ourDoc: JsonObject,
    private readonly push: (difference: Omit<Difference, 'api' | 'operation'>) => void,
  ) {}

  /** Every difference between two schemas, recursively (properties, items, additionalProperties). */
  compare(vendor: Json | undefined, vendorPointer: string, ours: Json | undefined, oursPointer: string): void {
    const key = `${vendorPointer}|${oursPointer}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const v = facts(this.vendorDoc, vendor, vendorPointer);
    const o = facts(this.ourDoc, ours, oursPointer);
    // Where it is referenced, then the node it resolves to, then its branches.
    const at = [oursPointer, ...o.pointers];
    const vendorAt = v.pointers[0] ?? vendorPointer;
    if (o.types.has('any')) return; // ours is free-form: it takes whatever the vendor sends
    const vendorTypes = new Set([...v.types].filter((type) => type !== 'any'));
    if (vendorTypes.size > 0 && show(vendorTypes) !== show(o.types)) {
      this.push({ kind: 'type', ours: at, vendor: vendorAt, vendorSays: show(vendorTypes), oursSays: show(o.types) });
    }
    if (v.nullable !== o.nullable) {
      this.push({ kind: 'nullable', ours: at, vendor: vendorAt, vendorSays: v.nullable ? 'nullable' : 'not nullable', oursSays: o.nullable ? 'nullable' : 'not nullable' });
    }
    for (const format of v.formats) {
      if (!o.formats.has(format)) this.push({ kind: 'format', ours: at, vendor: vendorAt, vendorSays: format, oursSays: show(o.formats) });
    }
    const vendorEnum = vendorTypes.size > 0 ? v.enum : undefined;
    if (show(vendorEnum ?? ['any']) !== show(o.enum ?? ['any'])) {
      this.push({ kind: 'enum', ours: at, vendor: vendorAt, vendorSays: vendorEnum ? show(vendorEnum) : 'any value', oursSays: o.enum ? show(o.enum) : 'any value' });
    }
    if (v.properties.size > 0) this.compareProperties(v, vendorAt, o, at);
    if (v.items.length > 0 && o.items.length > 0) this.compareAlternatives(v.items, o.items);
    if (v.additional.length > 0 && o.additional.length > 0) this.compareAlternatives(v.additional, o.additional);
  }

  private compareProperties(v: Facts, vendorAt: string, o: Facts, at: string[]): void {
    const objectAt = at;
    for (const [name, vendorSchemas] of v.properties) {
      const ourSchemas = o.properties.get(name);
      const vendorProperty = vendorSchemas[0]!;
      if (!ourSchemas) {
        this.push({ kind: 'vendor-only-property', name, ours: objectAt, vendor: vendorProperty.pointer, vendorSays: `declares ${name}`, oursSays: `no ${name}` });
        continue;
      }
      if (v.required.has(name) !== o.required.has(name)) {
        this.push({ kind: 'required', name, ours: at, vendor: vendorAt, vendorSays: v.required.has(name) ? 'required' : 'optional', oursSays: o.required.has(name) ? 'required' : 'optional' });
      }
      this.compareAlternatives(vendorSchemas, ourSchemas);
    }
    for (const name of o.properties.keys()) {
      if (!v.properties.has(name)) {
        this.push({ kind: 'ours-only-property', name, ours: objectAt, vendor: vendorAt, vendorSays: `no ${name}`, oursSays: `declares ${name}` });
      }
    }
  }

  /** Several candidate schemas on our side (anyOf branches): the one closest to the vendor's wins. */
  private compareAlternatives(vendor: { schema: Json; pointer: string }[], ours: { schema: Json; pointer: string }[]): void {
    const target = vendor[0]!;
    if (ours.length === 1) {
      this.compare(target.schema, target.pointer, ours[0]!.schema, ours[0]!.pointer);
      return;
    }
    let best: Omit<Difference, 'api' | 'operation'>[] | undefined;
    for (const candidate of ours) {
      const found: Omit<Difference, 'api' | 'operation'>[] = [];
      new SchemaComparer(this.vendorDoc, this.ourDoc, (difference) => found.push(difference)).compare(target.schema, target.pointer, candidate.schema, candidate.pointer);
      if (!best || found.length < best.length) best = found;
    }
    best?.forEach((difference) => this.push(difference));
  }
}
