import { createLogger, createMetrics } from '@switchboard/observability';
import { createHttpService, type HttpService } from './http-service';
import { jsonBodyParser, jsonNestingExceeds, MAX_JSON_DEPTH } from './json-body';

const silent = createLogger({ service: 'test', level: 'silent' });

describe('jsonNestingExceeds', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestingExceeds('[[1]]', 2)).toBe(false);
    expect(jsonNestingExceeds('[[[1]]]', 2)).toBe(true);
    expect(jsonNestingExceeds('{"a":{"b":1}}', 2)).toBe(false);
    expect(jsonNestingExceeds('{"a":"[[[[[[","b":"\\"[[[["}', 1)).toBe(false);
    expect(jsonNestingExceeds(`{"a":"\\\\"}${'['.repeat(3)}`, 2)).toBe(true);
  });
});

describe('jsonBodyParser', () => {
  let http: HttpService;
  let url: string;

  beforeAll(async () => {
    http = createHttpService({
      log: silent,
      metrics: createMetrics('test'),
      checks: {},
      routes: (app) => {
        app.use(jsonBodyParser({ limit: 1024 * 1024 }));
        // Recursion over the parsed body, as validation, hashing and serialising do.
        app.post('/echo', (req, res) => void res.type('json').send(JSON.stringify(req.body)));
      },
    });
    const address = await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}/echo`;
  });
  afterAll(() => http.close(1_000));

  const post = (body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses a body nested deeper than the limit as 400 problem+json, before any handler recurses over it', async () => {
    for (const body of [
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `{"metadata":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
      `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`,
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({
        errors: [
          { field: 'body', message: `must not be nested deeper than ${MAX_JSON_DEPTH} levels` },
        ],
      });
    }
  });

  it('parses bodies up to the limit as JSON', async () => {
    const body = `${'['.repeat(MAX_JSON_DEPTH)}"[{"${']'.repeat(MAX_JSON_DEPTH)}`;
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
  });
});
