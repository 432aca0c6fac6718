import net from 'node:net';

/** A free loopback port within [first, last] (E2E_PORTS="6800-6899" by default). */
export async function freePort(range = process.env['E2E_PORTS'] ?? '6800-6899', skip: number[] = []): Promise<number> {
  const [first, last] = range.split('-').map(Number);
  for (let port = first; port <= last; port++) {
    if (!skip.includes(port) && (await isFree(port))) {
      return port;
    }
  }
  throw new Error(`No free port in ${range}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
