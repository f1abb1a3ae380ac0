// Writes the console's API client types from the gateway's route tables, or with `--check`
// exits 1 when the committed ones differ:
//   node --import tsx apps/gateway/src/openapi/write-console-client-types.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayOpenApiDocument } from '../gateway-routes';
import { CONSOLE_CLIENT_TYPES, consoleClientTypes } from './console-client-types';

const file = path.join(path.resolve(__dirname, '../../../..'), CONSOLE_CLIENT_TYPES);
const check = process.argv.includes('--check');

void consoleClientTypes(gatewayOpenApiDocument()).then((types) => {
  if (!check) {
    writeFileSync(file, types);
    console.log(`wrote ${CONSOLE_CLIENT_TYPES}`);
  } else if (readFileSync(file, 'utf8') !== types) {
    console.error(
      `${CONSOLE_CLIENT_TYPES} differs from the gateway's routes: run npx nx run console:openapi`,
    );
    process.exitCode = 1;
  }
});
