// The upstream servers for pnpm bench:chaos, in their own process: a sink that answers the byte count at the end, an
// echo, and a bare node:http server. Prints their addresses as JSON on stdout; stops on stdin EOF.
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

const sink = createServer({ allowHalfOpen: true }, (socket) => {
  let bytes = 0;
  socket.on('data', (data) => {
    bytes += data.length;
  });
  socket.on('end', () => socket.end(String(bytes)));
});
const echo = createServer((socket) => {
  socket.setNoDelay(true);
  socket.pipe(socket);
});
const body = JSON.stringify({ ok: true });
const http = createHttpServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}

const addresses = { sink: await listen(sink), echo: await listen(echo), http: await listen(http) };
process.stdout.write(`${JSON.stringify(addresses)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
