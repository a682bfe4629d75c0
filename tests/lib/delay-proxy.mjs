// A TCP proxy on loopback that makes a server answer late: every chunk the target sends back is
// held for `delayMs` before it reaches the client, in order; what the client sends goes through at
// once. Used in front of PostgreSQL to play a slow database (tests/integration/slow-store.test.mjs,
// bench/bench.mjs).
//
//   const proxy = await startDelayProxy({ port: 5432, delayMs: 300 });
//   proxy.port        // where to connect instead (127.0.0.1)
//   proxy.delayMs = 3000;   // takes effect for chunks that arrive from now on
//   await proxy.close();    // ends every connection and stops listening
//
// It listens on 127.0.0.1 only, and only forwards to a loopback target.
import net from 'node:net';

// A chunk waits at least `delayMs` after it arrived, and never overtakes the one before it.
// When more than this many bytes wait, the target is paused until they are delivered.
const HIGH_WATER = 4 * 1024 * 1024;

function isLoopback(host) {
  return host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
}

export async function startDelayProxy({ host = '127.0.0.1', port, delayMs = 0 } = {}) {
  if (!isLoopback(host)) throw new Error(`delay proxy: ${host} is not a loopback address`);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`delay proxy: bad port ${port}`);

  const pairs = new Set();
  const proxy = {
    delayMs,
    port: 0,
    // How many connections are open now, and have been opened in all.
    get connections() { return pairs.size; },
    accepted: 0,
    close,
  };

  const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
    proxy.accepted += 1;
    const upstream = net.connect({ host, port, noDelay: true, allowHalfOpen: true });
    const queue = []; // { due, chunk } or { due, end: true }
    let queuedBytes = 0;
    let timer = null;
    let closed = false;
    let ended = false;
    const pair = { destroy };
    pairs.add(pair);

    function destroy() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      queue.length = 0;
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    }

    function pump() {
      timer = null;
      while (queue.length > 0 && !closed) {
        const wait = queue[0].due - Date.now();
        if (wait > 0) {
          timer = setTimeout(pump, wait);
          return;
        }
        const item = queue.shift();
        if (item.end) {
          client.end();
          return;
        }
        queuedBytes -= item.chunk.length;
        client.write(item.chunk);
      }
      if (queuedBytes < HIGH_WATER && upstream.isPaused()) upstream.resume();
    }

    function enqueue(item) {
      const last = queue.length > 0 ? queue[queue.length - 1].due : 0;
      item.due = Math.max(Date.now() + Math.max(0, Number(proxy.delayMs) || 0), last);
      queue.push(item);
      if (item.chunk) {
        queuedBytes += item.chunk.length;
        if (queuedBytes >= HIGH_WATER) upstream.pause();
      }
      if (timer === null) pump();
    }

    upstream.on('data', (chunk) => enqueue({ chunk }));
    const endClient = () => {
      if (ended) return;
      ended = true;
      enqueue({ end: true });
    };
    upstream.on('end', endClient);
    client.pipe(upstream);
    client.on('error', destroy);
    client.on('close', destroy);
    upstream.on('error', destroy);
    // The target gone: what it sent still reaches the client, late, then the client is ended (and
    // the pair destroyed once the client's socket closes).
    upstream.on('close', endClient);
  });

  function close() {
    for (const pair of [...pairs]) pair.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  proxy.port = server.address().port;
  return proxy;
}

// The URL with its host and port replaced by the proxy's (a PostgreSQL URL, say).
export function throughProxy(url, proxy) {
  const out = new URL(url);
  out.hostname = '127.0.0.1';
  out.port = String(proxy.port);
  return out.toString();
}
