import { basicAuth, type MockWebhookPart } from '../../../mock/mock-vendor.js';
import type { Wire } from '../../../mock/stateful/types.js';
import type { CommBoxMockEvent } from './state.js';

const escapeXml = (value: unknown) => String(value ?? '').replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A CommBox `OnNewChild` event in the XML form the vendor documents. */
export function commboxWebhookXml(object: Wire, child: Wire): string {
  return [
    '<Event Subscription="Object" Name="OnNewChild" Brand="mock">',
    `  <Object Id="${escapeXml(object.objectId)}" StreamId="${escapeXml(object.streamId)}" SubStreamId="${escapeXml(object.subStreamId ?? 0)}">`,
    '    <Children>',
    `      <Child Id="${escapeXml(child.id)}" CreateDate="${escapeXml(String(child.createdTime ?? '').replace('T', ' '))}" Type="0">`,
    `        <Message>${escapeXml(child.message)}</Message>`,
    `        <User Id="${escapeXml(object.user?.id ?? 0)}"><Identity Id="${escapeXml(object.user_identity)}"/></User>`,
    '      </Child>',
    '    </Children>',
    '  </Object>',
    '</Event>',
  ].join('\n');
}

/** CommBox's callbacks: XML `Event`s with Basic auth to `{url}/commbox`. */
export const commboxMockWebhook = {
  credentials: { username: 'mock-commbox', password: 'mock-commbox-webhook-secret' },
  request: (event, credentials) => ({
    path: 'commbox',
    headers: { 'content-type': 'application/xml', authorization: basicAuth(credentials) },
    body: commboxWebhookXml(event.object, event.child),
  }),
} as const satisfies MockWebhookPart<CommBoxMockEvent>;
