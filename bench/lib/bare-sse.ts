// Baseline for the serving benchmark: the least a Node HTTP server can do to answer a message with the
// same SSE stream (stored, N tokens, done), with no session, policy, database, encryption or scheduler.
// Prints {port} on stdout; exits when stdin closes.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { tokens: { type: 'string', default: '50' } } });
const tokens = Array.from({ length: Number(values.tokens) }, (_, i) => `mot${i} `);

const server = createServer((request, response) => {
  if (request.url === '/bench/cpu') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(process.cpuUsage()));
    return;
  }
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    response.write(`event: stored\ndata: ${JSON.stringify({ messageId: 'm' })}\n\n`);
    for (const text of tokens) response.write(`event: token\ndata: ${JSON.stringify({ text })}\n\n`);
    response.end(`event: done\ndata: ${JSON.stringify({ messageId: 'a' })}\n\n`);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port, logins: [], password: '' })}\n`);
});
process.stdin.resume();
process.stdin.on('close', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
