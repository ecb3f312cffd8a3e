import { connect, createServer, type Server, type Socket } from 'node:net';

/** What one side of a TCP connection saw: each read with its time, and how the connection ended. */
export class RecordingSocket {
  readonly reads: Array<{ at: number; bytes: number }> = [];
  private readonly buffers: Buffer[] = [];
  ended: { at: number; how: 'end' | 'error'; code?: string } | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.reads.push({ at: performance.now(), bytes: data.length });
      this.buffers.push(data);
      this.notify();
    });
    socket.on('end', () => this.finish('end'));
    socket.on('close', () => this.finish('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => this.finish('error', error.code));
  }

  get received(): Buffer {
    return Buffer.concat(this.buffers);
  }

  /** Resolves once `bytes` bytes arrived (or the connection ended); throws after `timeoutMs`. */
  async waitForBytes(bytes: number, timeoutMs = 5_000): Promise<Buffer> {
    await this.waitFor(() => this.received.length >= bytes || this.ended !== undefined, `${bytes} bytes`, timeoutMs);
    return this.received;
  }

  async waitForEnd(timeoutMs = 5_000): Promise<NonNullable<RecordingSocket['ended']>> {
    await this.waitFor(() => this.ended !== undefined, 'the connection to end', timeoutMs);
    return this.ended!;
  }

  private finish(how: 'end' | 'error', code?: string): void {
    if (this.ended === undefined || (how === 'error' && this.ended.how === 'end' && code)) {
      this.ended = { at: performance.now(), how, ...(code ? { code } : {}) };
    }
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  private waitFor(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.received.length} bytes`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }
}

export interface TestUpstream {
  address: string;
  port: number;
  /** Every connection the server accepted, recorded. */
  connections: RecordingSocket[];
  close(): Promise<void>;
}

/**
 * A TCP server for the proxy to point at. `onConnection` decides what it does (echo by default); every accepted
 * connection is recorded.
 */
export async function startUpstream(
  onConnection: (socket: Socket) => void = (socket) => socket.pipe(socket),
): Promise<TestUpstream> {
  const connections: RecordingSocket[] = [];
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.setNoDelay(true);
    connections.push(new RecordingSocket(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    connections,
    close: async () => {
      for (const connection of connections) connection.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects to `host:port` and records what arrives; rejects if the connection is refused. */
export async function connectTo(address: string): Promise<RecordingSocket> {
  const colon = address.lastIndexOf(':');
  const socket = connect({ host: address.slice(0, colon), port: Number(address.slice(colon + 1)) });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
    socket.once('error', reject);
  });
  return new RecordingSocket(socket);
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
