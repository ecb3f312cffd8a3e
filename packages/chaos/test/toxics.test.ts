/**
 * Each toxic measured through real sockets: a client → the fault proxy → a TCP server on loopback.
 * Bad inputs tried here (the API test has the rest): a toxic added to a connection already open, a toxic removed
 * while it holds data, toxicity 0 and 1, a proxy disabled with connections open and a client connecting to it.
 */
import { ChaosClient, type ChaosServer, startChaosServer } from '../src';
import { connectTo, delay, startUpstream, type TestUpstream } from './support/tcp-peers';

/** Timers on a loaded 2-core machine fire late, never early: tolerances are generous above, tight below. */
const LATE_MS = 150;

let server: ChaosServer;
let client: ChaosClient;
let echo: TestUpstream;
/** The upstream answers each connection with `burst` bytes at once, then waits. */
let burst: TestUpstream;
const BURST_BYTES = 50_000;

beforeAll(async () => {
  server = await startChaosServer({ listen: '127.0.0.1:0' });
  client = new ChaosClient(server.url);
  echo = await startUpstream();
  burst = await startUpstream((socket) => socket.write(Buffer.alloc(BURST_BYTES, 7)));
});

afterAll(async () => {
  await server.close();
  await echo.close();
  await burst.close();
});

afterEach(async () => {
  for (const name of Object.keys(await client.listProxies())) await client.deleteProxy(name);
});

async function proxyTo(upstream: TestUpstream, name = 'subject'): Promise<string> {
  const proxy = await client.createProxy({ name, upstream: upstream.address, listen: '127.0.0.1:0' });
  return proxy.listen;
}

async function roundTripMs(listen: string, payload = 'ping'): Promise<number> {
  const socket = await connectTo(listen);
  const started = performance.now();
  socket.socket.write(payload);
  await socket.waitForBytes(payload.length);
  const elapsed = performance.now() - started;
  socket.socket.destroy();
  return elapsed;
}

describe('without toxics', () => {
  it('passes bytes both ways unchanged', async () => {
    const listen = await proxyTo(echo);
    const socket = await connectTo(listen);
    socket.socket.write('hello through the proxy');
    expect((await socket.waitForBytes(23)).toString()).toBe('hello through the proxy');
    socket.socket.destroy();
  });
});

describe('an upstream that refuses', () => {
  it('closes the client’s connection, and the proxy keeps serving', async () => {
    const gone = await startUpstream();
    await gone.close();
    await client.createProxy({ name: 'subject', upstream: gone.address, listen: '127.0.0.1:0' });
    const { listen } = await client.getProxy('subject');
    const socket = await connectTo(listen);
    await socket.waitForEnd(2_000);
    expect(socket.received.length).toBe(0);
    expect(await client.getProxy('subject')).toMatchObject({ enabled: true });
  });
});

describe('half-close', () => {
  it('passes a FIN on after the data before it, and the other direction still answers', async () => {
    const counter = await startUpstream((socket) => {
      let bytes = 0;
      socket.on('data', (data: Buffer) => {
        bytes += data.length;
      });
      socket.on('end', () => socket.end(`counted ${bytes}`));
    });
    try {
      const listen = await proxyTo(counter);
      await client.addToxic('subject', { type: 'latency', stream: 'upstream', attributes: { latency: 100 } });
      const socket = await connectTo(listen);
      socket.socket.end(Buffer.alloc(100_000, 3));
      await socket.waitForEnd();
      expect(socket.received.toString()).toBe('counted 100000');
    } finally {
      await counter.close();
    }
  });
});

describe('latency', () => {
  it('delays each direction by latency ms', async () => {
    const listen = await proxyTo(echo);
    const direct = await roundTripMs(listen);
    await client.addToxic('subject', { type: 'latency', attributes: { latency: 200 } });
    const slowed = await roundTripMs(listen);
    expect(direct).toBeLessThan(50);
    expect(slowed).toBeGreaterThanOrEqual(195);
    expect(slowed).toBeLessThan(200 + LATE_MS);
  });

  it('adds latency per direction: upstream and downstream toxics add up', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'latency', stream: 'upstream', attributes: { latency: 100 } });
    await client.addToxic('subject', { type: 'latency', stream: 'downstream', attributes: { latency: 150 } });
    const elapsed = await roundTripMs(listen);
    expect(elapsed).toBeGreaterThanOrEqual(245);
    expect(elapsed).toBeLessThan(250 + LATE_MS);
  });

  it('spreads delays over latency ± jitter', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'latency', attributes: { latency: 100, jitter: 50 } });
    const samples: number[] = [];
    for (let i = 0; i < 8; i += 1) samples.push(await roundTripMs(listen));
    for (const sample of samples) {
      expect(sample).toBeGreaterThanOrEqual(48);
      expect(sample).toBeLessThan(150 + LATE_MS);
    }
    expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(5);
  });

  it('applies to a connection that was open before the toxic, and stops when it is removed', async () => {
    const listen = await proxyTo(echo);
    const socket = await connectTo(listen);
    await client.addToxic('subject', { type: 'latency', name: 'slow', attributes: { latency: 300 } });
    let started = performance.now();
    socket.socket.write('a');
    await socket.waitForBytes(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    await client.removeToxic('subject', 'slow');
    started = performance.now();
    socket.socket.write('b');
    await socket.waitForBytes(2);
    expect(performance.now() - started).toBeLessThan(100);
    socket.socket.destroy();
  });
});

describe('toxicity', () => {
  it.each([
    { toxicity: 0, slowed: false },
    { toxicity: 1, slowed: true },
  ])('toxicity $toxicity: the toxic applies to a connection: $slowed', async ({ toxicity, slowed }) => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'latency', toxicity, attributes: { latency: 200 } });
    const elapsed = await roundTripMs(listen);
    if (slowed) expect(elapsed).toBeGreaterThanOrEqual(195);
    else expect(elapsed).toBeLessThan(100);
  });

  it('rolls per connection: with toxicity 0.5 some of 40 connections are slowed and some are not', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'latency', toxicity: 0.5, attributes: { latency: 120 } });
    const samples = await Promise.all(Array.from({ length: 40 }, () => roundTripMs(listen)));
    const slowed = samples.filter((sample) => sample >= 115).length;
    expect(slowed).toBeGreaterThan(5);
    expect(slowed).toBeLessThan(35);
  });
});

describe('bandwidth', () => {
  it('passes data at rate KB/s', async () => {
    const listen = await proxyTo(burst);
    await client.addToxic('subject', { type: 'bandwidth', attributes: { rate: 100 } });
    const socket = await connectTo(listen);
    const started = performance.now();
    await socket.waitForBytes(BURST_BYTES);
    const elapsed = performance.now() - started;
    const expected = BURST_BYTES / 100; // 100 KB/s = 100 bytes per ms
    expect(socket.received.length).toBe(BURST_BYTES);
    expect(elapsed).toBeGreaterThanOrEqual(expected * 0.85);
    expect(elapsed).toBeLessThan(expected * 1.25 + LATE_MS);
    socket.socket.destroy();
  });
});

describe('slicer', () => {
  it('cuts a burst into slices of about average_size bytes, delay µs apart', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', {
      type: 'slicer',
      attributes: { average_size: 100, size_variation: 20, delay: 3_000 },
    });
    const socket = await connectTo(listen);
    socket.socket.write(Buffer.alloc(2_000, 1));
    await socket.waitForBytes(2_000);
    expect(socket.received.length).toBe(2_000);
    expect(socket.reads.length).toBeGreaterThanOrEqual(12);
    expect(Math.max(...socket.reads.map((read) => read.bytes))).toBeLessThanOrEqual(240);
    socket.socket.destroy();
  });
});

describe('limit_data', () => {
  it.each([1, 1_000, 33_333])('lets exactly %i bytes through, then closes the connection', async (bytes) => {
    const listen = await proxyTo(burst);
    await client.addToxic('subject', { type: 'limit_data', attributes: { bytes } });
    const socket = await connectTo(listen);
    await socket.waitForEnd();
    await delay(50);
    expect(socket.received.length).toBe(bytes);
  });
});

describe('timeout', () => {
  it('stops all data and closes the connection after timeout ms', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'timeout', attributes: { timeout: 300 } });
    const socket = await connectTo(listen);
    const started = performance.now();
    socket.socket.write('lost');
    const ended = await socket.waitForEnd();
    expect(socket.received.length).toBe(0);
    expect(ended.at - started).toBeGreaterThanOrEqual(290);
    expect(ended.at - started).toBeLessThan(300 + LATE_MS);
  });

  it('with timeout 0 holds the connection open with no data until the toxic is removed, which closes it', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'timeout', name: 'stall', attributes: { timeout: 0 } });
    const socket = await connectTo(listen);
    socket.socket.write('lost');
    await delay(400);
    expect(socket.ended).toBeUndefined();
    expect(socket.received.length).toBe(0);
    await client.removeToxic('subject', 'stall');
    await socket.waitForEnd(1_000);
  });
});

describe('reset_peer', () => {
  it('resets the connection (ECONNRESET) timeout ms after data arrives', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'reset_peer', attributes: { timeout: 200 } });
    const socket = await connectTo(listen);
    const started = performance.now();
    socket.socket.write('hello');
    const ended = await socket.waitForEnd();
    expect(ended).toMatchObject({ how: 'error', code: 'ECONNRESET' });
    expect(ended.at - started).toBeGreaterThanOrEqual(190);
    expect(socket.received.length).toBe(0);
  });

  it('with timeout 0 resets at once on the first data', async () => {
    const listen = await proxyTo(echo);
    await client.addToxic('subject', { type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } });
    const socket = await connectTo(listen);
    socket.socket.write('hello');
    expect(await socket.waitForEnd(1_000)).toMatchObject({ how: 'error', code: 'ECONNRESET' });
  });
});

describe('slow_close', () => {
  it('passes data at once and holds the close back for delay ms', async () => {
    const bye = await startUpstream((socket) => socket.end('bye'));
    try {
      const listen = await proxyTo(bye);
      await client.addToxic('subject', { type: 'slow_close', attributes: { delay: 300 } });
      const started = performance.now();
      const socket = await connectTo(listen);
      await socket.waitForBytes(3);
      const dataAt = performance.now() - started;
      const ended = await socket.waitForEnd();
      expect(socket.received.toString()).toBe('bye');
      expect(dataAt).toBeLessThan(150);
      expect(ended.at - started).toBeGreaterThanOrEqual(295);
      expect(ended.at - started).toBeLessThan(300 + LATE_MS);
    } finally {
      await bye.close();
    }
  });
});

describe('down (enabled: false)', () => {
  it('refuses new connections and drops open ones; enabled again, it proxies', async () => {
    const listen = await proxyTo(echo);
    const open = await connectTo(listen);
    await client.disable('subject');
    await open.waitForEnd(1_000);
    await expect(connectTo(listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await client.enable('subject');
    expect(await roundTripMs(listen)).toBeLessThan(100);
  });
});

describe('chains', () => {
  it('runs toxics of one stream in the order they were added: latency, then limit_data', async () => {
    const listen = await proxyTo(burst);
    await client.addToxic('subject', { type: 'latency', attributes: { latency: 150 } });
    await client.addToxic('subject', { type: 'limit_data', attributes: { bytes: 10 } });
    const socket = await connectTo(listen);
    const started = performance.now();
    const ended = await socket.waitForEnd();
    expect(socket.received.length).toBe(10);
    expect(ended.at - started).toBeGreaterThanOrEqual(145);
  });
});
