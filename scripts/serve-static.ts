import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** A listener serving `examples/` and `dist/browser/` of `root`, read-only. */
export function staticListener(root: string): RequestListener {
  return (request, response) => {
    let path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    if (path.endsWith(sep)) path += 'index.html';
    const file = join(root, path);
    const allowed = [join(root, 'examples') + sep, join(root, 'dist', 'browser') + sep].some((dir) =>
      file.startsWith(dir),
    );
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  };
}

/** Serves `examples/` and `dist/browser/` of `root` over HTTP, read-only. */
export function serveStatic(root: string, port: number, host = '127.0.0.1'): Promise<{ url: string; server: Server }> {
  return listen(createServer(staticListener(root)), port, host);
}

/** Starts `server` on `port` (0: a free one) and resolves to its URL. */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<{ url: string; server: Server }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`, server });
    });
  });
}
