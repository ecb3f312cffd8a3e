/**
 * An existing Toxiproxy client (npm `toxiproxy-node-client`, unmodified) drives the fault proxy through its whole
 * surface, and the toxics it sets act on real traffic.
 * Bad inputs: a duplicate proxy and an unknown toxic type, which the client must see as failures. Every toxic type the
 * client knows is accepted (`down` is `enabled: false`, not a toxic, in Toxiproxy as here).
 */
import { type Latency, Toxiproxy } from 'toxiproxy-node-client';
import { type ChaosServer, startChaosServer } from '../src';
import { connectTo, startUpstream, type TestUpstream } from './support/tcp-peers';

let server: ChaosServer;
let echo: TestUpstream;
let toxiproxy: Toxiproxy;

beforeAll(async () => {
  server = await startChaosServer({ listen: '127.0.0.1:0' });
  echo = await startUpstream();
  toxiproxy = new Toxiproxy(server.url);
});

afterAll(async () => {
  await server.close();
  await echo.close();
});

async function roundTripMs(listen: string): Promise<number> {
  const socket = await connectTo(listen);
  const started = performance.now();
  socket.socket.write('ping');
  await socket.waitForBytes(4);
  socket.socket.destroy();
  return performance.now() - started;
}

it('creates, inspects, changes and removes proxies and toxics the Toxiproxy way', async () => {
  expect(await toxiproxy.getVersion()).toContain('version');
  const proxy = await toxiproxy.createProxy({ name: 'echo', listen: '127.0.0.1:0', upstream: echo.address });
  expect(proxy).toMatchObject({ name: 'echo', upstream: echo.address, enabled: true });
  await expect(toxiproxy.createProxy({ name: 'echo', listen: '127.0.0.1:0', upstream: echo.address })).rejects.toThrow(
    /409/,
  );

  const toxic = await proxy.addToxic<Latency>({
    name: 'slow',
    type: 'latency',
    stream: 'downstream',
    toxicity: 1,
    attributes: { latency: 200, jitter: 0 },
  });
  expect(toxic.toJson()).toMatchObject({ name: 'slow', type: 'latency', attributes: { latency: 200, jitter: 0 } });
  expect(await roundTripMs(proxy.listen)).toBeGreaterThanOrEqual(195);

  const updated = await toxic.update({ ...toxic.toJson(), attributes: { latency: 20, jitter: 0 } });
  expect(updated.attributes).toEqual({ latency: 20, jitter: 0 });
  expect((await proxy.getToxic<Latency>('slow')).attributes.latency).toBe(20);
  await expect(
    proxy.addToxic({
      name: 'odd',
      type: 'slow_closing' as 'slow_close',
      stream: 'downstream',
      toxicity: 1,
      attributes: {},
    }),
  ).rejects.toThrow(/400/);
  const slowClose = await proxy.addToxic({
    type: 'slow_close',
    name: 'sc',
    stream: 'upstream',
    toxicity: 1,
    attributes: { delay: 5 },
  });
  expect(slowClose.toJson()).toMatchObject({ type: 'slow_close', attributes: { delay: 5 } });
  await slowClose.remove();
  await toxic.remove();
  expect(await roundTripMs(proxy.listen)).toBeLessThan(100);

  const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
  expect(disabled.enabled).toBe(false);
  await expect(connectTo(proxy.listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  await toxiproxy.reset();
  expect((await toxiproxy.get('echo')).enabled).toBe(true);

  const populated = await toxiproxy.populate([
    { name: 'echo', listen: proxy.listen, upstream: echo.address },
    { name: 'second', listen: '127.0.0.1:0', upstream: echo.address },
  ]);
  expect(Object.keys(populated).sort()).toEqual(['echo', 'second']);
  expect(Object.keys(await toxiproxy.getAll()).sort()).toEqual(['echo', 'second']);
  await (await toxiproxy.get('second')).remove();
  await proxy.remove();
  expect(await toxiproxy.getAll()).toEqual({});
});
