/** Reads an event stream (a Response body) as EventSource would, and keeps what came, for assertions. */

/** One dispatched event. */
export interface ReadEvent {
  id: string;
  event: string;
  data: string;
}

/** What has been read of a stream so far. */
export interface SseReader {
  events: ReadEvent[];
  /** Comment lines (heartbeats and the opening comment). */
  comments: number;
  /** The `retry:` value, when one came. */
  retry?: number;
  /** Resolves when the stream ends (closed by the server, or cancelled). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** Stops reading (cancels the body). */
  cancel(): Promise<void>;
}

/** Starts reading `body` in the background, parsing the SSE format (any line ending, multi-line data). */
export function readSse(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const state: SseReader = {
    events: [],
    comments: 0,
    ended: Promise.resolve(),
    isEnded: () => done,
    cancel: async () => {
      await reader.cancel().catch(() => {});
    },
  };
  let done = false;
  let buffer = '';
  let current: { id?: string; event?: string; data: string[] } = { data: [] };
  let lastId = '';
  const line = (text: string) => {
    if (text === '') {
      if (current.id !== undefined) lastId = current.id;
      if (current.data.length)
        state.events.push({ id: lastId, event: current.event ?? 'message', data: current.data.join('\n') });
      current = { data: [] };
      return;
    }
    if (text.startsWith(':')) return void state.comments++;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') current.id = value;
    else if (field === 'event') current.event = value;
    else if (field === 'data') current.data.push(value);
    else if (field === 'retry') state.retry = Number(value);
  };
  state.ended = (async () => {
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        const parts = buffer.split(/\r\n|\r|\n/);
        buffer = parts.pop()!;
        parts.forEach(line);
      }
    } catch {
      // a cancelled or broken stream ends the same way
    } finally {
      done = true;
    }
  })();
  return state;
}

/** Resolves once `check` holds; polls every 10 ms, gives up after `timeoutMs` (generous). */
export async function eventually(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets pending promise callbacks and zero-delay timers run. */
export const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));
