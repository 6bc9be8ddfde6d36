#!/usr/bin/env node
// The fixture server for the fleet benchmark, in a process of its own: the bench's memory sampling reads
// /proc many times a second, and a server on the same event loop would answer pages late.
// Prints one JSON line ({ resolve }) once listening; stops on SIGTERM.
//
//   node bench/serve.mjs <sites-dir>
import { startFixtureServer } from '../dist/fixtures/server.js';

const server = await startFixtureServer({ sitesDir: process.argv[2] });
process.stdout.write(`${JSON.stringify({ resolve: server.resolve })}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
