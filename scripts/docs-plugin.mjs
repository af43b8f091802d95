// @ts-check
/**
 * TypeDoc plugin of `npm run docs` (scripts/docs.ts):
 * - names each module by its import path (`conversations-client`, `conversations-client/redis`, …),
 *   from the entry file that `package.json` `exports` point at (read by scripts/docs.ts, passed in
 *   the CONVERSATIONS_DOCS_MODULES environment variable as JSON: { "<entry file>": "<import path>" });
 * - keeps the type of `@throws {TypeError} …` (TypeDoc would drop it; scripts/docs.ts passes
 *   `--preservedTypeAnnotationTags @throws`) as code at the start of the text.
 */
import { Converter } from 'typedoc';
import { resolve } from 'node:path';

/** @param {import('typedoc').Application} app */
export function load(app) {
  const names = /** @type {Record<string, string>} */ (JSON.parse(process.env.CONVERSATIONS_DOCS_MODULES ?? '{}'));
  const byFile = new Map(Object.entries(names).map(([file, name]) => [resolve(file), name]));

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) {
      const file = module.sources?.[0]?.fullFileName;
      const name = file && byFile.get(resolve(file));
      if (name) module.name = name;
    }
    for (const reflection of Object.values(context.project.reflections)) {
      const comments = [
        reflection.comment,
        ...('signatures' in reflection && Array.isArray(reflection.signatures)
          ? reflection.signatures.map((signature) => signature.comment)
          : []),
      ];
      for (const comment of comments) {
        for (const tag of comment?.blockTags ?? []) {
          if (tag.tag !== '@throws' || !tag.typeAnnotation) continue;
          // `{TypeError|RangeError}` (kept by preservedTypeAnnotationTags) → `TypeError` or `RangeError`, as code.
          const types = tag.typeAnnotation
            .replace(/^\{|\}$/g, '')
            .split('|')
            .map((type) => type.trim())
            .filter(Boolean);
          const parts = types.flatMap((type, index) => [
            ...(index ? [{ kind: /** @type {const} */ ('text'), text: ' or ' }] : []),
            { kind: /** @type {const} */ ('code'), text: `\`${type}\`` },
          ]);
          tag.content.unshift(...parts, { kind: 'text', text: ': ' });
          delete tag.typeAnnotation;
        }
      }
    }
  });
}
