import type { MockVendorContext, MockVendorState } from '../../../mock/mock-vendor.js';
import { forgetHeld, type Held } from '../../../mock/stateful/held.js';
import { advanceLive, createLiveFeed } from '../../../mock/stateful/live.js';
import type { Wire } from '../../../mock/stateful/types.js';
import { CUSTOMER_TEXTS } from '../../../mock/stateful/words.js';
import { addCommBoxMessage, childrenOf, FEATURED_IDENTITY, generateCommBox, type CommBoxData } from './data.js';
import { commboxReply } from './routes.js';

/** What CommBox's state reports: a `live` message, as the object and its new child. */
export interface CommBoxMockEvent {
  api: 'commbox';
  object: Wire;
  child: Wire;
}

/**
 * CommBox's state: one generated data set per generated scenario (example scenarios are served from
 * Prism's examples); the `live` one grows a customer message every few seconds, first in the
 * conversations of the user identities whose inbox was read.
 */
export function commboxMockState(context: MockVendorContext<CommBoxMockEvent>): MockVendorState {
  const held = new Map<string, Held<CommBoxData>>();

  /** The scenario's generated data (undefined for example scenarios). */
  function dataOf(scenario: string): CommBoxData | undefined {
    if (!context.generated(scenario)) return undefined;
    let set = held.get(scenario);
    if (!set) {
      set = {
        data: generateCommBox(context.seed, context.anchor()),
        live: scenario === 'live' ? createLiveFeed(context.seed, 'commbox', context.now()) : undefined,
      };
      held.set(scenario, set);
    }
    const { data } = set;
    if (set.live) {
      advanceLive(set.live, context.now(), (at, random) => {
        const identities = new Set([FEATURED_IDENTITY, ...data.watched]);
        const candidates = data.objects.filter((object) => identities.has(Number(object.user_identity)));
        const object = random.pick(candidates.length ? candidates : data.objects);
        addCommBoxMessage(data, object, random.pick(CUSTOMER_TEXTS), at);
        const children = childrenOf(data, object);
        context.emit({ api: 'commbox', object, child: children[children.length - 1]! });
      });
    }
    return data;
  }

  return {
    reply: (call) => commboxReply(call, dataOf(call.scenario)),
    reset: (scenario) => forgetHeld(held, scenario),
    advanceLive() {
      if (held.get('live')?.live) dataOf('live');
    },
  };
}
