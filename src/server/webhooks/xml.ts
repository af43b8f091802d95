import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PROVIDER_ADAPTERS } from '../../vendors/providers.js';

/** Every listed vendor's repeating XML elements: the lists a body is parsed with when its vendor is not named. */
const LISTED_XML_LISTS: readonly string[] = PROVIDER_ADAPTERS.flatMap((adapter) => adapter.webhook?.xmlLists ?? []);

/** A DTD or any markup declaration: refused outright (no billion laughs, no external entities). */
const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

const parserOf = (lists: readonly string[]) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // With declarations refused, only fixed entities remain: XML's five, character references (&#60; &#x3C;)
    // and HTML's named ones (CommBox messages are HTML); none can expand into more markup or fetch anything.
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => lists.includes(name),
  });
const parsers = new Map<readonly string[], XMLParser>();

/**
 * Parses an XML webhook (CommBox's) into its object form (attributes and child elements as properties,
 * every value text, the elements named in `lists` always as lists); `{ error }` for a DTD or entity
 * declaration or a document that is not well-formed. Never throws.
 */
export function parseWebhookXml(
  text: string,
  lists: readonly string[] = LISTED_XML_LISTS,
): { value: unknown } | { error: string } {
  if (DECLARATION.test(text)) return { error: 'XML with a DTD or entity declarations is refused' };
  try {
    if (XMLValidator.validate(text) !== true) return { error: 'not well-formed XML' };
    let parser = parsers.get(lists);
    if (!parser) parsers.set(lists, (parser = parserOf(lists)));
    return { value: parser.parse(text) };
  } catch {
    return { error: 'not well-formed XML' };
  }
}
