/** Compares a vendor's schema with ours, recursively, and reports each difference located in both documents. */
import { facts, type Facts, type SubSchema } from './schema-facts.js';
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
  | 'style'
  | 'malformed-schema';

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
  /**
   * The vendor's alternative the difference is in, when it is under an anyOf/oneOf: the field
   * path to the alternatives and the branch, e.g. `data[] oneOf[1]` (nested ones joined by ` > `).
   */
  branch?: string;
}

type Found = Omit<Difference, 'api' | 'operation'>;

/**
 * A vendor alternative pinned to one of our schemas (deviations.yaml `branches`), where shape alone
 * would pair it wrongly: what sits under `vendor` is compared with what sits under `ours`.
 */
export interface BranchPin {
  /** Our API (a key of redocly.yaml). */
  api: string;
  /** JSON pointer into the vendor's document: the branch, e.g. `/paths/…/data/items/oneOf/1`. */
  vendor: string;
  /** JSON pointer into our spec: the schema it stands for, e.g. `/components/schemas/CommBoxStatusPost`. */
  ours: string;
}

const show = (values: Iterable<string>) => [...values].sort().join(' | ') || 'nothing';

/** Compares the schemas of one operation; `push` receives each difference. */
export class SchemaComparer {
  private readonly seen = new Set<string>();

  constructor(
    private readonly vendorDoc: JsonObject,
    private readonly ourDoc: JsonObject,
    private readonly push: (difference: Omit<Difference, 'api' | 'operation'>) => void,
    /** Vendor branches pinned to our schemas (this API's only). */
    private readonly pins: Omit<BranchPin, 'api'>[] = [],
  ) {}

  /**
   * Every difference between two schemas, recursively (properties, items, additionalProperties).
   * `path` is the field path so far (`data[].user`), `branch` the vendor alternative it is in.
   */
  compare(
    vendor: Json | undefined,
    vendorPointer: string,
    ours: Json | undefined,
    oursPointer: string,
    path = '',
    branch?: string,
  ): void {
    const key = `${vendorPointer}|${oursPointer}|${branch ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const push = (difference: Found) => this.push(branch ? { ...difference, branch } : difference);
    const v = facts(this.vendorDoc, vendor, vendorPointer);
    const o = facts(this.ourDoc, ours, oursPointer);
    // Where it is referenced, then the node it resolves to, then its branches.
    const at = [oursPointer, ...o.pointers];
    const vendorAt = v.pointers[0] ?? vendorPointer;
    // A reference to a parameter, a response or nothing would read as "any": say so instead.
    for (const bad of v.malformed) {
      const where = this.branchOf(path, bad.branch, branch);
      this.push({
        kind: 'malformed-schema',
        ours: at,
        vendor: bad.pointer,
        vendorSays: `$ref ${bad.ref} (${bad.reason})`,
        oursSays: show(o.types),
        ...(where ? { branch: where } : {}),
      });
    }
    if (o.types.has('any')) return; // ours is free-form: it takes whatever the vendor sends
    const vendorTypes = new Set([...v.types].filter((type) => type !== 'any'));
    if (vendorTypes.size > 0 && show(vendorTypes) !== show(o.types)) {
      push({ kind: 'type', ours: at, vendor: vendorAt, vendorSays: show(vendorTypes), oursSays: show(o.types) });
    }
    if (v.nullable !== o.nullable) {
      push({
        kind: 'nullable',
        ours: at,
        vendor: vendorAt,
        vendorSays: v.nullable ? 'nullable' : 'not nullable',
        oursSays: o.nullable ? 'nullable' : 'not nullable',
      });
    }
    for (const format of v.formats) {
      if (!o.formats.has(format))
        push({ kind: 'format', ours: at, vendor: vendorAt, vendorSays: format, oursSays: show(o.formats) });
    }
    const vendorEnum = vendorTypes.size > 0 ? v.enum : undefined;
    if (show(vendorEnum ?? ['any']) !== show(o.enum ?? ['any'])) {
      push({
        kind: 'enum',
        ours: at,
        vendor: vendorAt,
        vendorSays: vendorEnum ? show(vendorEnum) : 'any value',
        oursSays: o.enum ? show(o.enum) : 'any value',
      });
    }
    if (v.properties.size > 0) this.compareProperties(v, vendorAt, o, at, path, branch);
    if (v.items.length > 0 && o.items.length > 0) this.compareAlternatives(v.items, o.items, `${path}[]`, branch, path);
    if (v.additional.length > 0 && o.additional.length > 0)
      this.compareAlternatives(v.additional, o.additional, `${path}[key]`, branch, path);
  }

  /** The branch label of a vendor sub-schema: the enclosing one, then `path anyOf[i]` when it sits in an alternative. */
  private branchOf(path: string, own: string | undefined, enclosing: string | undefined): string | undefined {
    if (!own) return enclosing;
    const here = `${path || '(root)'} ${own}`;
    return enclosing ? `${enclosing} > ${here}` : here;
  }

  private compareProperties(
    v: Facts,
    vendorAt: string,
    o: Facts,
    at: string[],
    path: string,
    branch: string | undefined,
  ): void {
    const objectAt = at;
    const field = (name: string) => (path ? `${path}.${name}` : name);
    for (const [name, vendorSchemas] of v.properties) {
      const ourSchemas = o.properties.get(name);
      if (!ourSchemas) {
        // Once per alternative that declares it, each named with its branch.
        for (const vendorProperty of vendorSchemas) {
          const where = this.branchOf(path, vendorProperty.branch, branch);
          this.push({
            kind: 'vendor-only-property',
            name,
            ours: objectAt,
            vendor: vendorProperty.pointer,
            vendorSays: `declares ${name}`,
            oursSays: `no ${name}`,
            ...(where ? { branch: where } : {}),
          });
        }
        continue;
      }
      if (v.required.has(name) !== o.required.has(name)) {
        this.push({
          kind: 'required',
          name,
          ours: at,
          vendor: vendorAt,
          vendorSays: v.required.has(name) ? 'required' : 'optional',
          oursSays: o.required.has(name) ? 'required' : 'optional',
          ...(branch ? { branch } : {}),
        });
      }
      this.compareAlternatives(vendorSchemas, ourSchemas, field(name), branch, path);
    }
    for (const name of o.properties.keys()) {
      if (!v.properties.has(name)) {
        this.push({
          kind: 'ours-only-property',
          name,
          ours: objectAt,
          vendor: vendorAt,
          vendorSays: `no ${name}`,
          oursSays: `declares ${name}`,
          ...(branch ? { branch } : {}),
        });
      }
    }
  }

  /**
   * Every vendor alternative (each anyOf/oneOf branch that declares the field) against ours; when
   * ours has several candidates (anyOf branches), the one whose object shares most field names with
   * the vendor's wins, then the one with fewest differences.
   * `parentPath` is where the alternatives branch off, for the branch label.
   */
  private compareAlternatives(
    vendor: SubSchema[],
    ours: SubSchema[],
    path: string,
    branch: string | undefined,
    parentPath: string,
  ): void {
    for (const target of vendor) {
      const where = this.branchOf(parentPath, target.branch, branch);
      if (ours.length === 1) {
        this.compare(target.schema, target.pointer, ours[0]!.schema, ours[0]!.pointer, path, where);
        continue;
      }
      // A pin of deviations.yaml decides; else shape (the object sharing most field names with the vendor's), then fewest differences.
      const under = (pointer: string, root: string) => pointer === root || pointer.startsWith(`${root}/`);
      const pin = this.pins.find((candidate) => under(target.pointer, candidate.vendor));
      const pinned = pin && ours.find((candidate) => under(candidate.pointer, pin.ours));
      if (pinned) {
        this.compare(target.schema, target.pointer, pinned.schema, pinned.pointer, path, where);
        continue;
      }
      const shared = (candidate: SubSchema) =>
        (candidate.siblings ?? []).filter((name) => target.siblings?.includes(name)).length;
      let best: { found: Found[]; shape: number } | undefined;
      for (const candidate of ours) {
        const found: Found[] = [];
        new SchemaComparer(this.vendorDoc, this.ourDoc, (difference) => found.push(difference), this.pins).compare(
          target.schema,
          target.pointer,
          candidate.schema,
          candidate.pointer,
          path,
          where,
        );
        const shape = shared(candidate);
        if (!best || shape > best.shape || (shape === best.shape && found.length < best.found.length))
          best = { found, shape };
      }
      best?.found.forEach((difference) => this.push(difference));
    }
  }
}
