import { describe, expect, it } from 'vitest';
import { compareByActivity, countUnread, summarize, type SummaryEntry } from '../../src/inbox/summary.js';
import { PROVIDERS, type InboxConversation } from '../../src/vendors/providers.js';

const at = '2026-11-22T10:00:00.000Z';
const entry = (
  provider: SummaryEntry['provider'],
  id: string,
  updatedAt: Date | string = at,
  unread = 0,
): SummaryEntry => ({ provider, id, unread, updatedAt });

describe('one order for every conversation list (the inbox and the inbox API)', () => {
  it('newest activity first, the same for Dates and ISO text', () => {
    const older = entry('cometchat', 'x', '2026-11-22T09:59:59.999Z');
    const newer = entry('commbox', 'y', new Date(at));
    expect([older, newer].sort(compareByActivity)).toEqual([newer, older]);
    expect(compareByActivity(entry('commbox', 'a', at), entry('commbox', 'b', new Date(at)))).toBeLessThan(0);
  });

  it('ties by provider ("cometchat" before "commbox"), then id, in code-unit order (not localeCompare: "B" before "a", "Z" before "é")', () => {
    const list = [
      entry('cometchat', 'a'),
      entry('commbox', 'é'),
      entry('commbox', 'Z'),
      entry('commbox', 'a'),
      entry('commbox', 'B'),
    ];
    expect(list.sort(compareByActivity).map((item) => `${item.provider}/${item.id}`)).toEqual([
      'cometchat/a',
      'commbox/B',
      'commbox/Z',
      'commbox/a',
      'commbox/é',
    ]);
    expect('a'.localeCompare('B')).toBeLessThan(0); // the order the server used to apply
  });

  it('counts unread in total and by provider, every provider of the list present', () => {
    expect(countUnread([], PROVIDERS)).toEqual({ total: 0, byProvider: { commbox: 0, cometchat: 0 } });
    expect(countUnread([entry('third', 'z', at, 4)], ['third'])).toEqual({ total: 4, byProvider: { third: 4 } });
    expect(
      countUnread(
        [entry('commbox', 'a', at, 2), entry('cometchat', 'b', at, 3), entry('commbox', 'c', at, 1)],
        PROVIDERS,
      ),
    ).toEqual({
      total: 6,
      byProvider: { commbox: 3, cometchat: 3 },
    });
  });

  it('summarize uses that order and those counts', () => {
    const conversation = (provider: 'commbox' | 'cometchat', id: string, unread: number) =>
      ({ provider, id, unread, title: id, updatedAt: new Date(at), raw: {} }) as unknown as InboxConversation;
    const summary = summarize(
      {
        commbox: { conversations: [conversation('commbox', 'a', 1), conversation('commbox', 'B', 0)], failures: [] },
        cometchat: { conversations: [conversation('cometchat', 'A', 4)], failures: [] },
      },
      {},
      PROVIDERS,
    );
    expect(summary.conversations.map((item) => item.id)).toEqual(['A', 'B', 'a']);
    expect(summary).toMatchObject({ total: 5, byProvider: { commbox: 1, cometchat: 4 } });
  });
});
