/**
 * The handler tests' name for the one vendor stand-in (test/support/vendor-stand-in.ts), kept so
 * imports of this path go on working: `startVendorStub` is `startVendorStandIn`.
 */
export {
  commboxInbox,
  cometchatInbox,
  exposed,
  manualClock,
  ok,
  SECRETS,
  standInClients as stubClients,
  startVendorStandIn as startVendorStub,
  throttled,
  type Answer,
  type Route,
  type VendorStandIn as VendorStub,
} from '../../support/vendor-stand-in.js';
