import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniquePrefix } from '../support/redis-clients.js';
import { eventually, readSse, settle, type SseReader } from './support/sse-reader.js';

const script = fileURLToPath(new URL('./support/live-instance.ts', import.meta.url));
const children: ChildProcess[] = [];
const readers: SseReader[] = [];
let ports: number[] = [];

/** Starts one instance process; resolves to its port. */
function instance(prefix: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, inject('redisUrl'), prefix], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
}
beforeAll(async () => {
  const prefix = uniquePrefix();
  ports = await Promise.all([instance(prefix), instance(prefix), instance(prefix)]);
}, 120_000);
afterAll(async () => {
  await Promise.all(readers.map((reader) => reader.cancel()));
  for (const child of children) child.kill('SIGKILL');
});

const change = async (port: number, user: string, total: number) =>
  (await fetch(`http://127.0.0.1:${port}/change?user=${user}&total=${total}`)).text();
async function connect(port: number, user: string, lastEventId?: string) {
  const response = await fetch(`http://127.0.0.1:${port}/api/inbox/events`, {
    headers: { 'x-user': user, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
  });
  const reader = readSse(response.body!);
  readers.push(reader);
  return reader;
}
const totals = (reader: SseReader) => reader.events.map((event) => JSON.parse(event.data).total as number);

describe('three instance processes sharing Redis', () => {
  it('an instance killed mid-stream: the client resumes on another with nothing lost or repeated', async () => {
    const [a, b, c] = ports as [number, number, number];
    const onB = await connect(b, 'kim');
    await eventually(() => onB.events.length === 1);
    const first = await change(a, 'kim', 1);
    await eventually(() => onB.events.length === 2);
    expect(onB.events[1]!.id).toBe(first);

    children[1]!.kill('SIGKILL'); // B dies mid-stream
    await onB.ended;
    const lastId = onB.events.at(-1)!.id;
    await change(a, 'kim', 2);
    const latest = await change(a, 'kim', 3);

    const onC = await connect(c, 'kim', lastId);
    await eventually(() => onC.events.length === 1);
    await settle(500);
    expect(totals(onB)).toEqual([0, 1]);
    expect(totals(onC)).toEqual([3]); // the latest state, once
    expect(onC.events[0]!.id).toBe(latest);
    // And from there on, every change once.
    const next = await change(a, 'kim', 4);
    await eventually(() => onC.events.length === 2);
    expect(onC.events[1]!.id).toBe(next);
    expect(totals(onC)).toEqual([3, 4]);
  }, 120_000);
});
