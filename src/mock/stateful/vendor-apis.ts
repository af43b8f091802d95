import type { MockedApi } from '../start-mock-servers.js';
import { commboxReply } from './commbox-routes.js';
import { cometchatReply } from './cometchat-routes.js';
import type { MockState } from './state.js';
import type { StatefulApi } from './types.js';

/** CommBox's or CometChat's stateful behaviour over the shared state. */
export function vendorApi(state: MockState, api: MockedApi): StatefulApi {
  return {
    knows: (scenario) => state.knows(api, scenario),
    now: () => state.now(),
    reset: (scenario) => state.reset(scenario),
    reply: (call) =>
      api === 'cometchat'
        ? cometchatReply(
            call,
            state.cometchatData(call.scenario, call.headers.onbehalfof ?? 'app', call.headers.apikey ?? ''),
          )
        : commboxReply(call, state.commboxData(call.scenario)),
    // CometChat's throttling also says when the limit resets (epoch seconds).
    rateLimitHeaders:
      api === 'cometchat'
        ? (seconds) => ({ 'x-rate-limit-reset': String(Math.ceil(state.now() / 1000) + seconds) })
        : undefined,
  };
}
