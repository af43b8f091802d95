/** `openapi/deviations.yaml`: where our specs knowingly depart from the vendors' documents, and why. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { BranchPin, Difference, DifferenceKind, OperationAlias } from './vendor-diff.js';

/** One knowing departure from a vendor's document. */
export interface Deviation {
  /** A short kebab-case name, printed beside what it explains. */
  id: string;
  /** Our API (a key of redocly.yaml). */
  api: string;
  /** JSON pointer(s) into our spec: the node the difference is found at. */
  ours: string | string[];
  /** The kind(s) of difference it explains. */
  kind: DifferenceKind | DifferenceKind[];
  /** For parameters, properties, responses and required flags: which names. */
  names?: string[];
  /** Only in these operations (operationIds); every operation when absent. */
  operations?: string[];
  /** The vendor's statement: its document, its pointer there, and what it says (matched when given). */
  vendor: { document: string; pointer?: string; says?: string; statement?: string };
  /** Why we depart: the contradiction, and the example that shows the wire. */
  why: string;
}

/** The file: the deviations, the operations whose vendor path differs from ours, and vendor branches pinned to our schemas. */
export interface DeviationsFile {
  aliases: (OperationAlias & { why: string })[];
  deviations: Deviation[];
  /** Optional: a vendor anyOf/oneOf branch compared with the named schema of ours, whatever its shape. */
  branches: (BranchPin & { why: string })[];
}

/**
 * Reads deviations.yaml. @default path `openapi/deviations.yaml`
 * @throws {Error} naming the entry when one lacks `id`, `api`, `ours`, `kind`, `vendor` or `why` (a branch pin: `api`, `vendor`, `ours` or `why`)
 */
export function loadDeviations(path = 'openapi/deviations.yaml'): DeviationsFile {
  const file = (parse(readFileSync(path, 'utf8')) ?? {}) as Partial<DeviationsFile>;
  const deviations = file.deviations ?? [];
  deviations.forEach((deviation, index) => {
    for (const key of ['id', 'api', 'ours', 'kind', 'vendor', 'why'] as const) {
      if (deviation[key] === undefined)
        throw new Error(`${path}: deviation ${deviation.id ?? `#${index}`} has no "${key}"`);
    }
  });
  const branches = file.branches ?? [];
  branches.forEach((pin, index) => {
    for (const key of ['api', 'vendor', 'ours', 'why'] as const) {
      if (typeof pin[key] !== 'string') throw new Error(`${path}: branch #${index} has no "${key}"`);
    }
  });
  return { aliases: file.aliases ?? [], deviations, branches };
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The deviation that explains a difference, if any: same API, kind, operation, a pointer of ours, the name, and what the vendor says. */
export function explain(difference: Difference, deviations: Deviation[]): Deviation | undefined {
  return deviations.find(
    (deviation) =>
      deviation.api === difference.api &&
      list(deviation.kind).includes(difference.kind) &&
      (deviation.operations === undefined || deviation.operations.includes(difference.operation)) &&
      list(deviation.ours).some((pointer) => difference.ours.includes(pointer)) &&
      (deviation.names === undefined || (difference.name !== undefined && deviation.names.includes(difference.name))) &&
      (deviation.vendor.says === undefined || deviation.vendor.says === difference.vendorSays),
  );
}
