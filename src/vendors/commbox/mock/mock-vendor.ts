import type { MockVendor } from '../../../mock/mock-vendor.js';
import { commboxMockState, type CommBoxMockEvent } from './state.js';
import { commboxMockWebhook } from './webhook.js';

const BEARER = "-H 'Authorization: Bearer any-token'";

/** CommBox as the mock serves it: its spec on port 4010, generated objects and children, XML callbacks. */
export const commboxMock = {
  id: 'commbox',
  title: 'CommBox',
  spec: 'openapi/commbox.yaml',
  defaultPort: 4010,
  portEnv: 'COMMBOX_MOCK_PORT',
  samples: {
    getUserObjects: { path: '/v2/users/identities/558355/objects', headers: BEARER },
    getStreamObjects: { path: '/streams/19155/objects?userIdentityId=558355&pageSize=100', headers: BEARER },
    getObject: { path: '/streams/532/objects/293854?includeChilds=true', headers: BEARER },
  },
  createState: commboxMockState,
  webhook: commboxMockWebhook,
} as const satisfies MockVendor<'commbox', CommBoxMockEvent>;
