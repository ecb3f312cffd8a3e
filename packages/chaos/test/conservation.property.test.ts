/**
 * Property: with no toxics — and with toxics that only reshape the stream (slicer, latency) — the bytes that come
 * out of the proxy are the bytes that went in, in order, whatever the chunking, in both directions.
 * Bad inputs: empty writes, one-byte writes, writes larger than a socket buffer.
 */
import fc from 'fast-check';
import { type AddToxicInput, ChaosClient, type ChaosServer, startChaosServer } from '../src';
import { connectTo, startUpstream, type TestUpstream } from './support/tcp-peers';

/** A tenth of the usual property runs (1 000 in `npm test`): each run is a real round trip through sockets. */
const RUNS = Math.max(10, Math.ceil(Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) / 10));

let server: ChaosServer;
let client: ChaosClient;
let echo: TestUpstream;

beforeAll(async () => {
  server = await startChaosServer({ listen: '127.0.0.1:0' });
  client = new ChaosClient(server.url);
  echo = await startUpstream();
});

afterAll(async () => {
  await server.close();
  await echo.close();
});

const chunkings = fc.array(fc.uint8Array({ minLength: 0, maxLength: 70_000 }), { minLength: 1, maxLength: 12 });

async function echoThrough(listen: string, chunks: Uint8Array[]): Promise<Buffer> {
  const expected = Buffer.concat(chunks);
  const socket = await connectTo(listen);
  for (const chunk of chunks) socket.socket.write(chunk);
  const received = await socket.waitForBytes(expected.length, 10_000);
  socket.socket.destroy();
  return received;
}

describe('byte conservation', () => {
  it.each([
    { label: 'no toxics', toxics: [] as AddToxicInput[] },
    {
      label: 'slicer both ways and latency',
      toxics: [
        { type: 'slicer', stream: 'upstream', attributes: { average_size: 700, size_variation: 300 } },
        { type: 'slicer', attributes: { average_size: 1_500, size_variation: 100, delay: 10 } },
        { type: 'latency', attributes: { latency: 1, jitter: 1 } },
      ] as AddToxicInput[],
    },
  ])('bytes out = bytes in with $label', async ({ toxics }) => {
    const proxy = await client.createProxy({ name: 'conserve', upstream: echo.address, listen: '127.0.0.1:0' });
    for (const toxic of toxics) await client.addToxic('conserve', toxic);
    await fc.assert(
      fc.asyncProperty(chunkings, async (chunks) => {
        const received = await echoThrough(proxy.listen, chunks);
        expect(received.equals(Buffer.concat(chunks))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    await client.deleteProxy('conserve');
  });
});
