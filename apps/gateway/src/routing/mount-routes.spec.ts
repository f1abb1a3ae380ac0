import { z } from 'zod';
import { IdParam, PageQuery } from '@switchboard/contracts';
import { createHttpService, jsonBodyParser, type HttpService } from '@switchboard/http';
import { createLogger, createMetrics } from '@switchboard/observability';
import { expressPathOf, routerOf } from './mount-routes';
import { routeDefiner } from './route-definition';

const route = routeDefiner<{ greeting: string }>();
const Note = z.object({ text: z.string().min(1) }).strict();
const AnyNotes = z.object({ notes: z.array(z.unknown()) });

const routes = [
  route({
    method: 'post',
    path: '/things/{id}/notes',
    operationId: 'addNote',
    tags: ['Things'],
    summary: 'Add a note',
    request: { path: IdParam, query: PageQuery, body: { schema: Note, examples: {} } },
    responses: { '201': { description: 'Added' } },
    handle({ greeting }, { res, path, query, body }) {
      res.status(201).json({ greeting, id: path.id, limit: query.limit, text: body.text });
    },
  }),
  route({
    method: 'put',
    path: '/things/{id}/notes',
    operationId: 'replaceNotes',
    tags: ['Things'],
    summary: 'Replace the notes',
    request: {
      body: { schema: z.object({ notes: z.array(Note) }), examples: {}, parseWith: AnyNotes },
    },
    responses: { '200': { description: 'Replaced' } },
    async handle(_deps, { res, body }) {
      res.json({ count: body.notes.length });
    },
  }),
];

const ID = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';

describe('routes mounted from a table', () => {
  let http: HttpService;
  let base: string;

  beforeAll(async () => {
    http = createHttpService({
      log: createLogger({ service: 'routing-test', level: 'silent' }),
      metrics: createMetrics('routing-test'),
      checks: {},
      routes: (app) => {
        app.use(jsonBodyParser({ limit: 1024 }));
        app.use(routerOf(routes, { greeting: 'hello' }));
      },
    });
    const address = await http.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(() => http.close(1_000));

  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('turns OpenAPI path parameters into express ones', () => {
    expect(expressPathOf('/api/v1/conversations/{id}/messages')).toBe(
      '/api/v1/conversations/:id/messages',
    );
    expect(expressPathOf('/api/v1/messages')).toBe('/api/v1/messages');
  });

  it('hands the handler its dependencies and the request parsed by its schemas', async () => {
    expect(await send('POST', `/things/${ID}/notes?limit=5`, { text: 'hi' })).toEqual({
      status: 201,
      body: { greeting: 'hello', id: ID, limit: 5, text: 'hi' },
    });
  });

  it('answers 400 naming the fields of the first part that fails: query, then path, then body', async () => {
    const fieldsOf = async (path: string, body: unknown) =>
      ((await send('POST', path, body)).body['errors'] as { field: string }[]).map((e) => e.field);
    expect(await fieldsOf('/things/nope/notes?limit=0', { text: '' })).toEqual(['limit']);
    expect(await fieldsOf('/things/nope/notes', { text: '' })).toEqual(['id']);
    expect(await fieldsOf(`/things/${ID}/notes`, { text: '', extra: 1 })).toEqual([
      'text',
      'extra',
    ]);
  });

  it('validates with `parseWith` where the route takes the body apart itself', async () => {
    expect(await send('PUT', `/things/${ID}/notes`, { notes: [1, 'two'] })).toEqual({
      status: 200,
      body: { count: 2 },
    });
  });

  it('leaves other methods to the rest of the app', async () => {
    expect((await send('DELETE', `/things/${ID}/notes`, {})).status).toBe(404);
  });
});
