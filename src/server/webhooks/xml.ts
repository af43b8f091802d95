import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { COMMBOX_XML_LISTS } from '../../vendors/commbox/webhook-events.js';

/** A DTD or any markup declaration: refused outright (no billion laughs, no external entities). */
const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // With declarations refused, only fixed entities remain: XML's five, character references (&#60; &#x3C;)
  // and HTML's named ones (CommBox messages are HTML); none can expand into more markup or fetch anything.
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => COMMBOX_XML_LISTS.includes(name),
});

/**
 * Parses a CommBox XML webhook into its object form (attributes and child elements as properties,
 * every value text); `{ error }` for a DTD or entity declaration or a document that is not well-formed.
 * Never throws.
 */
export function parseWebhookXml(text: string): { value: unknown } | { error: string } {
  if (DECLARATION.test(text)) return { error: 'XML with a DTD or entity declarations is refused' };
  try {
    if (XMLValidator.validate(text) !== true) return { error: 'not well-formed XML' };
    return { value: parser.parse(text) };
  } catch {
    return { error: 'not well-formed XML' };
  }
}
