import {
  addCommBoxMessage,
  childrenOf,
  FEATURED_IDENTITY,
  generateCommBox,
  parseCommBoxTime,
  type CommBoxData,
} from './commbox-data.js';
import { addCometChatMessage, generateCometChat, otherSender, type CometChatData } from './cometchat-data.js';
import { copy, exampleScenarios } from './examples.js';
import { advanceLive, createLiveFeed, type LiveFeed } from './live.js';
import { DEFAULT_SCENARIO, isGenerated } from './scenario.js';
import type { OperationExamples, Wire } from './types.js';
import { CUSTOMER_TEXTS } from './words.js';

/** Options of the mock's state. */
export interface MockStateOptions {
  /** Seeds generated data, live messages and the fail-rate. */
  seed: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** The default scenario serves generated data instead of the spec examples. */
  dynamic: boolean;
  examples: { commbox: OperationExamples[]; cometchat: OperationExamples[] };
  /** Hears of each live message as it is added (the webhook sender). */
  onLiveMessage?: (message: LiveMessage) => void;
}

/** A message the `live` scenario added: the CometChat message, or the CommBox object and its new child. */
export type LiveMessage =
  { api: 'cometchat'; app: string; owner: string; message: Wire } | { api: 'commbox'; object: Wire; child: Wire };

interface Held<T> {
  data: T;
  live?: LiveFeed;
}

const DAY_MS = 86_400_000;

/**
 * The mock process's state, one data set per API and scenario (CometChat's per API key too, and
 * its generated ones per `onBehalfOf` user), made on first use and dropped by `reset`.
 */
export class MockState {
  private readonly commbox = new Map<string, Held<CommBoxData>>();
  private readonly cometchat = new Map<string, Held<CometChatData>>();
  private readonly scenarios: { commbox: Set<string>; cometchat: Set<string> };

  /** Each API's operations with their examples. */
  readonly examples: MockStateOptions['examples'];

  constructor(private readonly options: MockStateOptions) {
    this.examples = options.examples;
    this.scenarios = {
      commbox: exampleScenarios(options.examples.commbox),
      cometchat: exampleScenarios(options.examples.cometchat),
    };
  }

  now(): number {
    return this.options.clock();
  }

  /** Whether the scenario is served from generated data (`live`, `many`, and the default with `dynamic`). */
  generated(scenario: string): boolean {
    return isGenerated(scenario) || (scenario === DEFAULT_SCENARIO && this.options.dynamic);
  }

  /** Whether the API knows the scenario (an example name, a generated scenario, or the default). */
  knows(api: 'commbox' | 'cometchat', scenario: string): boolean {
    return scenario === DEFAULT_SCENARIO || isGenerated(scenario) || this.scenarios[api].has(scenario);
  }

  /** Generated days end at the start of the current UTC day, so one seed serves the same data all day. */
  private anchor(): number {
    return Math.floor(this.now() / DAY_MS) * DAY_MS;
  }

  /** CommBox's generated data of a scenario (undefined for example scenarios, served from Prism's examples). */
  commboxData(scenario: string): CommBoxData | undefined {
    if (!this.generated(scenario)) return undefined;
    let held = this.commbox.get(scenario);
    if (!held) {
      held = {
        data: generateCommBox(this.options.seed, this.anchor()),
        live: scenario === 'live' ? createLiveFeed(this.options.seed, 'commbox', this.now()) : undefined,
      };
      this.commbox.set(scenario, held);
    }
    const { data } = held;
    if (held.live) {
      advanceLive(held.live, this.now(), (at, random) => {
        const identities = new Set([FEATURED_IDENTITY, ...data.watched]);
        const candidates = data.objects.filter((object) => identities.has(Number(object.user_identity)));
        const object = random.pick(candidates.length ? candidates : data.objects);
        addCommBoxMessage(data, object, random.pick(CUSTOMER_TEXTS), at);
        const children = childrenOf(data, object);
        this.options.onLiveMessage?.({ api: 'commbox', object, child: children[children.length - 1]! });
      });
    }
    return data;
  }

  /**
   * CometChat's conversations of a scenario as `owner` sees them in the app whose API key is `app`
   * (each key its own state, as each CometChat app has its own: tests sharing a mock stay apart).
   */
  cometchatData(scenario: string, owner: string, app = ''): CometChatData {
    const generated = this.generated(scenario);
    // The examples are one user's (and the whole app's): any other user has a view of their own.
    const viewer = generated || (owner !== 'app' && owner !== this.examplesOwner()) ? owner : '';
    const key = `${scenario}\u0000${app}\u0000${viewer}`;
    let held = this.cometchat.get(key);
    if (!held) {
      held = generated
        ? {
            data: generateCometChat(this.options.seed, owner, this.anchor()),
            live: scenario === 'live' ? createLiveFeed(this.options.seed, `cometchat:${owner}`, this.now()) : undefined,
          }
        : { data: this.cometchatExamples(scenario, owner) };
      this.cometchat.set(key, held);
    }
    const { data } = held;
    if (held.live) {
      advanceLive(held.live, this.now(), (at, random) => {
        const newest = [...data.conversations].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 8);
        const conversation = random.chance(0.7) ? random.pick(newest) : random.pick(data.conversations);
        addCometChatMessage(data, conversation, random.pick(CUSTOMER_TEXTS), otherSender(conversation, random), at);
        this.options.onLiveMessage?.({ api: 'cometchat', app, owner, message: conversation.lastMessage as Wire });
      });
    }
    return data;
  }

  /** Delivers the `live` messages due by now in every live data set made so far (the webhook sender's ticker). */
  advanceLive(): void {
    if (this.commbox.get('live')?.live) this.commboxData('live');
    for (const key of [...this.cometchat.keys()]) {
      const [scenario, app, owner] = key.split('\u0000');
      if (this.cometchat.get(key)?.live && owner !== undefined) this.cometchatData(scenario!, owner, app);
    }
  }

  /** The uid the CometChat examples are written for: the one in every one-to-one conversation id (`superhero4`). */
  private examplesOwner(): string | undefined {
    if (this.ownerOfExamples === undefined) {
      const ids = this.cometchatExamples(DEFAULT_SCENARIO, 'app')
        .conversations.map((conversation) => String(conversation.conversationId))
        .filter((id) => id.includes('_user_'));
      const common = ids
        .map((id) => id.split('_user_'))
        .reduce<string[] | undefined>(
          (left, pair) => (left === undefined ? pair : left.filter((uid) => pair.includes(uid))),
          undefined,
        );
      this.ownerOfExamples = common?.[0] ?? '';
    }
    return this.ownerOfExamples || undefined;
  }

  private ownerOfExamples: string | undefined;

  /**
   * A scenario's conversations from the examples of that name on every read operation (the first ones by default),
   * as `owner` sees them: the examples' own user and the app (no `onBehalfOf`) see them all; any other user only
   * the one-to-one conversations they are part of (none of the examples' groups).
   */
  private cometchatExamples(scenario: string, owner: string): CometChatData {
    const conversations = new Map<string, Wire>();
    // Lists first (fewest path parameters): when examples disagree about a conversation, the list's wins.
    const byGenerality = [...this.options.examples.cometchat].sort(
      (a, b) => a.path.split('{').length - b.path.split('{').length,
    );
    for (const operation of byGenerality) {
      if (operation.method !== 'GET') continue;
      const value =
        scenario === DEFAULT_SCENARIO ? operation.success.values().next().value : operation.success.get(scenario);
      const data = (value as Wire | undefined)?.data;
      for (const conversation of Array.isArray(data) ? data : data ? [data] : []) {
        if (typeof conversation?.conversationId === 'string' && !conversations.has(conversation.conversationId))
          conversations.set(conversation.conversationId, copy(conversation));
      }
    }
    const all = [...conversations.values()];
    const stranger =
      owner !== 'app' &&
      this.ownerOfExamples !== undefined &&
      this.ownerOfExamples !== '' &&
      owner !== this.ownerOfExamples;
    const visible = stranger
      ? all.filter(
          (conversation) =>
            conversation.conversationType === 'user' &&
            String(conversation.conversationId).split('_user_').includes(owner),
        )
      : all;
    return { owner, conversations: visible, nextMessageId: 10_000 };
  }

  /** Forgets one scenario's state, or all of it: the next request starts over. */
  reset(scenario?: string): void {
    for (const map of [this.commbox, this.cometchat] as Map<string, unknown>[]) {
      for (const key of [...map.keys()])
        if (scenario === undefined || key === scenario || key.startsWith(`${scenario}\u0000`)) map.delete(key);
    }
  }
}

/** Newest first by a time field (stable for equal times). */
export function newestFirst(items: Wire[], time: (item: Wire) => number): Wire[] {
  return items
    .map((item, index) => ({ item, index, at: time(item) }))
    .sort((a, b) => b.at - a.at || a.index - b.index)
    .map(({ item }) => item);
}

export { parseCommBoxTime };
