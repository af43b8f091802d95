/** Newest first by a time field (stable for equal times). */
export function newestFirst<T>(items: T[], time: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, at: time(item) }))
    .sort((a, b) => b.at - a.at || a.index - b.index)
    .map(({ item }) => item);
}
