// A local S3-compatible server for development and tests: `node tools/dev/s3-server.mjs <port> <dir> <bucket>`.
// Started (and stopped) by media-services.mjs when no S3_ENDPOINT is configured.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');

const [port = '4569', directory = '.data/s3', bucket = 'switchboard-media'] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
await server.run();
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
