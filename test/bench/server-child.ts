// Web mode's server in its own process for the server benchmark (its RSS is its own): prints
// {url, token, pid} on its first line and runs until SIGTERM.
import { startWebServer } from '../../electron/server/web-server.js';

const server = await startWebServer({ dataDir: process.argv[2]! });
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token, pid: process.pid })}\n`);
process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
