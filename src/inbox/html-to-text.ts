/** The named entities decoded: a fixed table (no prototype lookups: `&constructor;` stays as it is). */
const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
  ['hellip', '…'],
  ['mdash', '—'],
  ['ndash', '–'],
  ['lsquo', '‘'],
  ['rsquo', '’'],
  ['ldquo', '“'],
  ['rdquo', '”'],
  ['euro', '€'],
  ['copy', '©'],
  ['reg', '®'],
  ['trade', '™'],
]);

/** Closing tags that end a line. */
const BLOCK_ENDS = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);
/** Elements whose content is not text. */
const RAW_TEXT = new Set(['script', 'style']);

function decodeEntity(entity: string, body: string): string {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff) return entity;
    return code >= 0xd800 && code <= 0xdfff ? '\uFFFD' : String.fromCodePoint(code);
  }
  return NAMED_ENTITIES.get(body.toLowerCase()) ?? entity;
}

const isNameChar = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/** The lower-case name of the tag whose text starts at `from` in `lower` (up to `end`), and whether it closes. */
function tagName(lower: string, from: number, end: number): { name: string; closing: boolean } {
  let at = from;
  const closing = lower.charCodeAt(at) === 47; // '/'
  if (closing) at++;
  const start = at;
  while (at < end && at - start < 16 && isNameChar(lower.charCodeAt(at))) at++;
  return {
    name: lower.charCodeAt(start) >= 97 && lower.charCodeAt(start) <= 122 ? lower.slice(start, at) : '',
    closing,
  };
}

/** The markup removed in one pass: each character is looked at a bounded number of times. */
function stripTags(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let at = 0;
  let noTagEndAfter = html.length; // once no '>' follows, every later '<' is text
  const unclosed = new Set<string>(); // raw-text elements with no closing tag ahead: never searched again
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open === -1 || open >= noTagEndAfter) break;
    const close = html.indexOf('>', open + 1);
    if (close === -1) {
      noTagEndAfter = open;
      break;
    }
    if (open > at) parts.push(html.slice(at, open));
    const { name, closing } = tagName(lower, open + 1, close);
    at = close + 1;
    if (name === 'br' || (closing && BLOCK_ENDS.has(name))) parts.push('\n');
    else if (!closing && RAW_TEXT.has(name) && !unclosed.has(name)) {
      const end = lower.indexOf(`</${name}`, at);
      const endClose = end === -1 ? -1 : html.indexOf('>', end);
      if (endClose === -1) unclosed.add(name);
      else at = endClose + 1;
    }
  }
  parts.push(html.slice(at));
  return parts.join('');
}

/**
 * Plain text of a CommBox message (HTML): tags stripped, `<br>` and block ends as
 * line breaks, entities decoded from a fixed table, white space collapsed. Linear in
 * the input's length. Never throws; non-strings give ''.
 */
export function htmlToText(html: unknown): string {
  if (typeof html !== 'string') return '';
  return stripTags(html)
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{0,15});/gi, decodeEntity)
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
