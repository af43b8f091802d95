import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startMockServers, type MockServers } from '../../src/mock/index.js';
import { banner } from '../../src/mock/cli.js';

const auth = { commbox: { Authorization: 'Bearer any' }, cometchat: { apikey: 'any', onBehalfOf: 'superhero4' } };
const samplePaths: Record<string, string> = {
  getUserObjects: '/v2/users/identities/558355/objects',
  getStreamObjects: '/streams/19155/objects?userIdentityId=558355',
  getObject: '/streams/532/objects/293854',
  getUserConversation: '/users/superhero3/conversation',
  listConversations: '/conversations',
  markUserConversationRead: '/users/superhero3/conversation/read',
  markGroupConversationRead: '/groups/project-group/conversation/read',
  getGroupConversation: '/groups/project-group/conversation',
};

let mocks: MockServers;
beforeAll(async () => {
  mocks = await startMockServers();
}, 180_000); // starting Prism: seconds alone, far more on a loaded machine
afterAll(() => mocks.close());

describe('startMockServers', () => {
  it('lists every operation with several named scenarios', () => {
    expect(mocks.operations.map((operation) => operation.operationId).sort()).toEqual([
      'getGroupConversation',
      'getObject',
      'getStreamObjects',
      'getUserConversation',
      'getUserObjects',
      'listConversations',
      'markGroupConversationRead',
      'markUserConversationRead',
    ]);
    for (const operation of mocks.operations) {
      if (operation.method === 'GET')
        expect(operation.examples.length, operation.operationId).toBeGreaterThanOrEqual(2);
      expect(operation.codes).toEqual(expect.arrayContaining(['400', '401', '429', '500']));
    }
  });

  it('serves every scenario with a 2xx and no validation complaint', async () => {
    for (const operation of mocks.operations) {
      for (const example of operation.examples) {
        const response = await fetch(`${mocks[operation.api].url}${samplePaths[operation.operationId]}`, {
          method: operation.method,
          headers: { ...auth[operation.api], Prefer: `example=${example}` },
        });
        expect(response.status, `${operation.operationId} ${example}`).toBe(200);
        expect(response.headers.get('sl-violations'), `${operation.operationId} ${example}`).toBeNull();
        await response.json();
      }
    }
  });

  it('marks conversations read with or without a messageId', async () => {
    for (const body of [undefined, JSON.stringify({ messageId: '57' })]) {
      const response = await fetch(`${mocks.cometchat.url}${samplePaths.markGroupConversationRead}`, {
        method: 'POST',
        headers: { ...auth.cometchat, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(await response.json()).toEqual({
        data: { success: true, message: 'The conversation has been marked as read.' },
      });
    }
  });

  it('validates like the real API: 401 without credentials, 400 for bad ids and unlimited stream queries', async () => {
    expect((await fetch(`${mocks.commbox.url}/v2/users/identities/558355/objects`)).status).toBe(401);
    expect(
      (await fetch(`${mocks.cometchat.url}/users/superhero3/conversation`, { headers: { onBehalfOf: 'x' } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${mocks.commbox.url}/v2/users/identities/abc/objects`, { headers: auth.commbox })).status,
    ).toBe(400);
    expect((await fetch(`${mocks.commbox.url}/streams/19155/objects`, { headers: auth.commbox })).status).toBe(400);
    expect(
      (await fetch(`${mocks.commbox.url}/streams/19155/objects?unixStartTime=1`, { headers: auth.commbox })).status,
    ).toBe(400);
    expect(
      (await fetch(`${mocks.cometchat.url}/users/superhero3/conversation`, { headers: { apikey: 'k' } })).status,
    ).toBe(400);
  });

  it('answers a CORS preflight from another origin for our auth headers', async () => {
    for (const [api, headers] of [
      ['commbox', 'authorization'],
      ['cometchat', 'apikey,onbehalfof'],
    ] as const) {
      const response = await fetch(
        `${mocks[api].url}${samplePaths[api === 'commbox' ? 'getUserObjects' : 'getUserConversation']}`,
        {
          method: 'OPTIONS',
          headers: {
            Origin: 'http://localhost:5173',
            'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': headers,
          },
        },
      );
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(headers);
      expect(response.headers.get('access-control-allow-methods')).toContain('GET');
    }
  });

  it('a taken port gives a clear PortInUseError', async () => {
    const port = Number(new URL(mocks.commbox.url).port);
    await expect(startMockServers({ commboxPort: port })).rejects.toThrow(PortInUseError);
    await expect(startMockServers({ commboxPort: port })).rejects.toThrow(
      /Port \d+ is already in use.*COMMBOX_MOCK_PORT/,
    );
  });

  it('the banner shows both URLs, a curl per operation and the scenario names', () => {
    const text = banner(mocks, false);
    expect(text).toContain(mocks.commbox.url);
    expect(text).toContain(mocks.cometchat.url);
    expect(text.match(/^ {2}curl /gm)).toHaveLength(7);
    for (const name of ['unreadChats', 'emptyInbox', 'withChilds', 'groupConversation', 'userConversation', 'inbox'])
      expect(text).toContain(name);
  });
});

describe('the conversations-mock command', () => {
  const run = (args: string[]) =>
    spawn(process.execPath, ['--import', 'tsx', 'src/mock/bin.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = (child: ReturnType<typeof run>) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk));
    return () => text;
  };

  it('prints the banner and stops cleanly on Ctrl-C', async () => {
    const child = run(['--commbox-port=0', '--cometchat-port=0']);
    const text = output(child);
    await expect.poll(text, { timeout: 120_000, interval: 100 }).toContain('Ctrl-C stops both mock servers.');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('a port in use is a one-line message and exit code 1, not a stack trace', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    const child = run([`--commbox-port=${port}`, '--cometchat-port=0']);
    const text = output(child);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    blocker.close();
    expect(code).toBe(1);
    expect(text().trim()).toBe(
      `Port ${port} is already in use, so the CommBox mock cannot start. Stop what uses it, or set COMMBOX_MOCK_PORT to another port.`,
    );
  });

  it('refuses an unknown flag, naming it as typed, before starting anything', async () => {
    for (const args of [['--port', '5000'], ['--port=5000'], ['--commbox-port=0', 'extra']]) {
      const child = run(args);
      const text = output(child);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(text()).toContain(
        `conversations-mock: unknown ${args.at(-1) === 'extra' ? 'argument "extra"' : `flag "${args[0]}"`}`,
      );
      expect(text()).not.toContain('Starting');
    }
  });

  it('a bad port names the flag the user typed, not the environment variable', async () => {
    const child = run(['--cometchat-port=abc']);
    const text = output(child);
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
    expect(text().trim()).toBe('--cometchat-port must be a port number, got "abc"');
  });
}, 180_000);

/** Listens on `count` free loopback ports; resolves to them and a close function. */
async function blockPorts(count: number): Promise<{ ports: number[]; close(): void }> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer().listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      return server;
    }),
  );
  return {
    ports: servers.map((server) => (server.address() as { port: number }).port),
    close: () => servers.forEach((server) => server.close()),
  };
}

describe('npm start (scripts/mock.ts)', () => {
  const start = (args: string[], env: Record<string, string>) =>
    spawn(process.execPath, ['--import', 'tsx', 'scripts/mock.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
  const collect = (child: ReturnType<typeof start>) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk));
    return () => text;
  };

  it('reports every busy port at once, before starting anything', async () => {
    const blocked = await blockPorts(4);
    try {
      const [commbox, cometchat, example, inbox] = blocked.ports;
      const child = start([`--commbox-port=${commbox}`, `--cometchat-port=${cometchat}`], {
        EXAMPLE_PORT: String(example),
        INBOX_MOCK_PORT: String(inbox),
      });
      const text = collect(child);
      expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
      expect(text()).toContain('4 ports are in use; nothing was started:');
      expect(text()).toContain(
        `Port ${commbox} is already in use, so the CommBox mock cannot start. Stop what uses it, or set COMMBOX_MOCK_PORT to another port.`,
      );
      expect(text()).toContain(`Port ${cometchat} is already in use, so the CometChat mock cannot start.`);
      expect(text()).toContain(
        `Port ${example} is already in use, so the example page and inbox handler cannot start. Stop what uses it, or set EXAMPLE_PORT to another port.`,
      );
      expect(text()).toContain(
        `Port ${inbox} is already in use, so the inbox API mock cannot start. Stop what uses it, or set INBOX_MOCK_PORT to another port.`,
      );
      expect(text()).not.toContain('Starting');
    } finally {
      blocked.close();
    }
  });

  it('refuses --port, naming it', async () => {
    const child = start(['--port', '5000'], {});
    const text = collect(child);
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
    expect(text()).toContain('npm start: unknown flag "--port"');
  });

  it('prints progress, then a banner naming all four servers and the inbox mock scenarios; Ctrl-C stops them', async () => {
    const child = start(['--commbox-port=0', '--cometchat-port=0'], { EXAMPLE_PORT: '0', INBOX_MOCK_PORT: '0' });
    const text = collect(child);
    await expect.poll(text, { timeout: 120_000, interval: 200 }).toContain('Ctrl-C stops all four servers');
    expect(text()).toContain('Starting the CommBox and CometChat mocks');
    expect(text()).not.toContain('Ctrl-C stops both');
    expect(text()).toMatch(/Prefer: example=NAME' with NAME one of bothProviders, cometchatThrottled/);
    const page = /Example inbox page +(\S+)/.exec(text())![1]!;
    const bundle = await fetch(new URL('/dist/browser/inbox-client.js', page));
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('createInboxClient');
    expect((await fetch(new URL('/favicon.ico', page))).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
}, 180_000);
