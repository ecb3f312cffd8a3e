import type { Socket } from 'node:net';
import type { ToxicDefinition, ToxicStream } from '../toxics/toxic-definition';
import { ToxicLink } from './toxic-link';

export interface ProxyConnectionOptions {
  client: Socket;
  upstream: Socket;
  toxics: (stream: ToxicStream) => readonly ToxicDefinition[];
  random: () => number;
  onClosed: () => void;
}

/**
 * A client's connection and the proxy's connection to the upstream, joined by two links: `upstream` carries the
 * client's bytes to the server, `downstream` the server's bytes back.
 */
export class ProxyConnection {
  private readonly links: ToxicLink[];
  private finished = false;
  private endedLinks = 0;
  private closedSockets = 0;

  constructor(private readonly options: ProxyConnectionOptions) {
    const { client, upstream, toxics, random } = options;
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.once('close', () => {
        this.closedSockets += 1;
        if (this.closedSockets === 1 && !this.finished) this.destroy();
        if (this.closedSockets === 2) options.onClosed();
      });
    }
    this.links = [
      new ToxicLink({
        source: client,
        destination: upstream,
        stream: 'upstream',
        toxics: () => toxics('upstream'),
        owner: this,
        random,
      }),
      new ToxicLink({
        source: upstream,
        destination: client,
        stream: 'downstream',
        toxics: () => toxics('downstream'),
        owner: this,
        random,
      }),
    ];
    for (const link of this.links) link.start();
  }

  syncToxics(): void {
    for (const link of this.links) link.syncToxics();
  }

  /**
   * Half-close, passed on: the side that sent FIN has it forwarded once its data is through, and the other direction
   * keeps flowing (a client may end its request and still read the answer). When both directions have ended, both
   * sockets are let go.
   */
  sourceEnded(link: ToxicLink): void {
    if (this.finished) return;
    this.endedLinks += 1;
    if (!link.destination.destroyed) link.destination.end();
    if (this.endedLinks < this.links.length) return;
    this.finish();
    for (const socket of this.sockets()) {
      if (socket.writableFinished || socket.destroyed) socket.destroy();
      else socket.once('finish', () => socket.destroy());
    }
  }

  /** Ends both sockets once what was written reaches them, then lets them go (a toxic closing the connection). */
  close(): void {
    if (!this.finish()) return;
    for (const socket of this.sockets()) {
      if (socket.destroyed) continue;
      socket.end(() => socket.destroy());
    }
  }

  /** Both sides see a TCP RST: unsent data is discarded. */
  reset(): void {
    if (!this.finish()) return;
    for (const socket of this.sockets()) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
  }

  /** Drops both sockets at once: the proxy is disabled or deleted. */
  destroy(): void {
    this.finish();
    for (const socket of this.sockets()) socket.destroy();
  }

  private sockets(): Socket[] {
    return [this.options.client, this.options.upstream];
  }

  private finish(): boolean {
    if (this.finished) return false;
    this.finished = true;
    for (const link of this.links) link.stop();
    return true;
  }
}
