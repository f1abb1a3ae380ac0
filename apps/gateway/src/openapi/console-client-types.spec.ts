import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe("the console's API client types", () => {
  it('are the ones the routes the gateway serves generate (npx nx run console:openapi writes them)', () => {
    // A child process: openapi-typescript loads ES modules Jest's runtime cannot.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'write-console-client-types.ts'), '--check'],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
