import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../src/server/live/change-feed.js';
import { createMemoryChangeFeed } from '../../src/server/live/memory-change-feed.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createMemoryChangeFeed', () => {
  it('delivers each change to every subscriber, with increasing ids', async () => {
    const feed = createMemoryChangeFeed({ now: () => 1_700_000_000_000 });
    const heard: ChangeNotice[][] = [[], []];
    heard.forEach((list) => feed.subscribe((notice) => list.push(notice)));
    const ids = [await feed.publish('u1', 'webhook'), await feed.publish('u2')];
    await flush();
    expect(ids).toEqual(['1700000000000-1', '1700000000000-2']);
    for (const list of heard) {
      expect(list).toEqual([
        { type: 'change', id: ids[0], userKey: 'u1', change: 'webhook' },
        { type: 'change', id: ids[1], userKey: 'u2', change: '' },
      ]);
    }
  });

  it('replays exactly what came after an id, then goes on live, each id once', async () => {
    const feed = createMemoryChangeFeed();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await feed.publish(`u${i}`));
    const heard: string[] = [];
    feed.subscribe((notice) => heard.push(notice.type === 'change' ? notice.id : 'gap'), ids[2]);
    const later = await feed.publish('u5');
    await flush();
    expect(heard).toEqual([ids[3], ids[4], later]);
    expect(await feed.replay(later)).toEqual({ entries: [], lastId: later, complete: true });
  });

  it('answers a gap for an id too old, unknown, or of an earlier process', async () => {
    const earlier = createMemoryChangeFeed({ now: () => 1 });
    const oldId = await earlier.publish('u');
    const feed = createMemoryChangeFeed({ maxEntries: 2, now: () => 2 });
    const ids = [await feed.publish('a'), await feed.publish('b'), await feed.publish('c'), await feed.publish('d')];
    expect((await feed.replay(ids[0])).complete).toBe(false); // trimmed: what followed it is unknown
    expect(await feed.replay(ids[1])).toMatchObject({ complete: true, entries: [{ userKey: 'c' }, { userKey: 'd' }] });
    for (const id of [oldId, 'nonsense', '2-99']) expect((await feed.replay(id)).complete).toBe(false);
    const heard: ChangeNotice[] = [];
    feed.subscribe((notice) => heard.push(notice), oldId);
    await flush();
    expect(heard).toEqual([{ type: 'gap' }]);
  });

  it('names a bad argument', async () => {
    const feed = createMemoryChangeFeed();
    await expect(feed.publish('')).rejects.toThrow(/userKey/);
    await expect(feed.publish('u', 5 as unknown as string)).rejects.toThrow(/change/);
    expect(() => createMemoryChangeFeed({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
