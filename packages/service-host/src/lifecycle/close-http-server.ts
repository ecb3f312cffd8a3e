import type { Server } from 'node:http';

/**
 * Stops the server taking connections and waits for the requests in flight, closing keep-alive connections as they
 * go idle: the server's own close ends the ones idle when it starts, but a connection still answering then goes idle
 * later and would hold the close open until its keep-alive timeout.
 */
export async function closeHttpServer(server: Server, close: () => Promise<void>): Promise<void> {
  const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
  try {
    server.closeIdleConnections();
    await close();
  } finally {
    clearInterval(closeIdle);
  }
}

/** How many connections the server still holds (said in the log when a shutdown deadline abandons them). */
export function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? -1 : count)));
}
