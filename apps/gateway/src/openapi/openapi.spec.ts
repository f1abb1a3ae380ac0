import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { loadConfig } from '@switchboard/config';
import { SendMessageRequest } from '@switchboard/contracts';
import type { Nats } from '@switchboard/messaging';
import { createLogger, createMetrics } from '@switchboard/observability';
import { gatewayConfigSchema } from '../config';
import type { Redis } from '@switchboard/service';
import { createGateway, type Gateway } from '../gateway';
import { CompatEmailBody } from '../routes/messages.routes';
import { toSendCommand } from '../send-command';
import { buildOpenApiDocument, documentedPaths } from './openapi-document';
import { listRoutes } from './route-listing';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SAMPLE_ID = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';

// The gateway only touches NATS when a request reaches conversation-service; listing its routes
// and serving the docs never does, so a connection that is never used stands in for one.
const unusedNats = {
  ping: () => Promise.resolve(),
  close: () => Promise.resolve(),
} as unknown as Nats;
// Likewise Redis: only rate-limited and idempotent requests reach it, and none is made here.
const unusedRedis = {
  defineCommand: () => undefined,
  ping: () => Promise.resolve('PONG'),
  status: 'ready',
} as unknown as Redis;

function buildGateway(): Gateway {
  return createGateway({
    config: loadConfig(gatewayConfigSchema, { ENVIRONMENT: 'test' }),
    log: createLogger({ service: 'gateway', level: 'silent' }),
    metrics: createMetrics('gateway'),
    nats: unusedNats,
    redis: unusedRedis,
  });
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every documented operation, with a concrete path a request for it would use. */
function documentedOperations(document: Json) {
  return Object.entries(document['paths'] as Json).flatMap(([path, item]) =>
    Object.keys(item as Json)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => ({
        method,
        path,
        concrete: path.replace(/\{[^{}]+\}/g, SAMPLE_ID),
        operation: (item as Json)[method] as Json,
      })),
  );
}

const document = buildOpenApiDocument() as unknown as Json;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and the same on every build', () => {
    expect(document['openapi']).toBe('3.1.0');
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(document));
  });

  describe('against the routes the gateway really serves', () => {
    const served = listRoutes(buildGateway().app.router);
    const operations = documentedOperations(document);

    it('finds the routes of mounted routers, not only top-level ones', () => {
      const ids = served.map((r) => `${r.method} ${r.path}`);
      expect(ids).toEqual(
        expect.arrayContaining([
          'get /health',
          'post /api/v1/messages/send',
          'get /api/v1/messages/:id/events',
          'post /api/conversations/search',
          'get /api/v1/openapi.json',
        ]),
      );
    });

    it('documents every route the gateway serves', () => {
      const undocumented = served
        .filter(
          (route) =>
            !operations.some(
              (op) =>
                (route.method === '*' || route.method === op.method) && route.matches(op.concrete),
            ),
        )
        .map((route) => `${route.method} ${route.path}`);
      expect(undocumented).toEqual([]);
    });

    it('documents only routes the gateway serves', () => {
      const phantom = operations
        .filter(
          (op) =>
            !served.some(
              (route) =>
                (route.method === '*' || route.method === op.method) && route.matches(op.concrete),
            ),
        )
        .map((op) => `${op.method} ${op.path}`);
      expect(phantom).toEqual([]);
    });
  });

  it('gives every operation an id, a summary, a tag and examples of what it takes and answers', () => {
    const missing: string[] = [];
    for (const { method, path, operation } of documentedOperations(document)) {
      const at = `${method} ${path}`;
      if (!operation['operationId'] || !operation['summary'] || !operation['tags']) {
        missing.push(`${at}: id, summary or tag`);
      }
      const requestContent = (operation['requestBody'] as Json | undefined)?.['content'] as
        Record<string, Json> | undefined;
      for (const [type, media] of Object.entries(requestContent ?? {})) {
        if (!isObject(media['examples'])) missing.push(`${at}: request example (${type})`);
      }
      for (const [status, response] of Object.entries(operation['responses'] as Json)) {
        const content = (response as Json)['content'] as Record<string, Json> | undefined;
        for (const [type, media] of Object.entries(content ?? {})) {
          if (type.startsWith('text/') || (status === '200' && path.endsWith('openapi.json'))) {
            continue; // the page, the metrics text and the document itself
          }
          if (!isObject(media['examples'])) missing.push(`${at} → ${status}: example (${type})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers every error of the API as an RFC 9457 problem', () => {
    const wrong: string[] = [];
    for (const { method, path, operation } of documentedOperations(document)) {
      if ((operation['tags'] as string[]).includes('Webhooks')) continue; // webhook-ingest's own
      for (const [status, response] of Object.entries(operation['responses'] as Json)) {
        if (Number(status) < 400 || path === '/ready') continue;
        const content = (response as Json)['content'] as Json | undefined;
        const schema = (content?.['application/problem+json'] as Json | undefined)?.['schema'];
        if (!content || Object.keys(content).length !== 1 || !isObject(schema)) {
          wrong.push(`${method} ${path} → ${status}`);
        } else if (schema['$ref'] !== '#/components/schemas/Problem') {
          wrong.push(`${method} ${path} → ${status}: not the Problem schema`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('describes every parameter and every field of every schema', () => {
    const undescribed: string[] = [];
    const visit = (node: unknown, pointer: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`));
      if (!isObject(node)) return;
      if (pointer.endsWith('/parameters') || /\/parameters\/\d+$/.test(pointer)) {
        if ('in' in node && !node['description']) undescribed.push(`${pointer} (${node['name']})`);
      }
      if (isObject(node['properties']) && !pointer.includes('/examples/')) {
        for (const [name, property] of Object.entries(node['properties'])) {
          const described = isObject(property) && (property['description'] || property['$ref']);
          if (!described) undescribed.push(`${pointer}/properties/${name}`);
        }
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${key}`);
    };
    visit(document, '#');
    expect(undescribed).toEqual([]);
  });
});

describe('every example in the document', () => {
  it('validates against the zod schema it illustrates', () => {
    const failures: string[] = [];
    let checked = 0;
    const check = (at: string, schema: unknown, examples: unknown) => {
      if (!(schema instanceof z.ZodType) || !isObject(examples)) return;
      for (const [name, example] of Object.entries(examples)) {
        const value = (example as { value: unknown }).value;
        const result = schema.safeParse(value);
        checked += 1;
        if (!result.success) failures.push(`${at} ${name}: ${z.prettifyError(result.error)}`);
        // A send example must also survive the gateway's normalisation and per-channel rules.
        if (result.success && (schema === SendMessageRequest || schema === CompatEmailBody)) {
          try {
            const request = result.data as SendMessageRequest;
            toSendCommand(
              schema === CompatEmailBody ? { ...request, type: 'email' } : request,
              'tenant',
              'US',
            );
          } catch (err) {
            failures.push(`${at} ${name}: ${JSON.stringify(err)}`);
          }
        }
      }
    };
    for (const [path, item] of Object.entries(documentedPaths())) {
      for (const method of HTTP_METHODS) {
        const operation = (item as Json)[method] as Json | undefined;
        if (!operation) continue;
        const body = operation['requestBody'] as { content: Record<string, Json> } | undefined;
        for (const [type, media] of Object.entries(body?.content ?? {})) {
          check(`${method} ${path} request ${type}`, media['schema'], media['examples']);
        }
        for (const [status, response] of Object.entries(operation['responses'] as Json)) {
          const content = (response as Json)['content'] as Record<string, Json> | undefined;
          for (const [type, media] of Object.entries(content ?? {})) {
            check(`${method} ${path} ${status} ${type}`, media['schema'], media['examples']);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  it('validates against its JSON Schema in the published document', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi.json');
    const failures: string[] = [];
    let checked = 0;
    const validate = (at: string, schemaPointer: string, value: unknown) => {
      const validator = ajv.compile({ $ref: `openapi.json${schemaPointer}` });
      checked += 1;
      if (!validator(value)) failures.push(`${at}: ${ajv.errorsText(validator.errors)}`);
    };
    const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

    const visit = (node: unknown, pointer: string, parentKey: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`, ''));
      if (!isObject(node)) return;
      // A property *named* `examples` is not the keyword; none exists today, but stay exact.
      const isSchemaMap = parentKey === 'properties' || parentKey === 'examples';
      for (const [key, value] of Object.entries(node)) {
        const at = `${pointer}/${escape(key)}`;
        if (key === 'example' && !isSchemaMap) {
          failures.push(`${at}: use \`examples\`; \`example\` is deprecated in OpenAPI 3.1`);
        } else if (key === 'examples' && !isSchemaMap && Array.isArray(value)) {
          // JSON Schema `examples` on a schema object.
          value.forEach((example, i) => validate(`${at}/${i}`, pointer, example));
        } else if (key === 'examples' && !isSchemaMap && isObject(value) && 'schema' in node) {
          // Named examples of a media type, parameter or header.
          for (const [name, example] of Object.entries(value)) {
            validate(`${at}/${escape(name)}`, `${pointer}/schema`, (example as Json)['value']);
          }
        }
        visit(value, at, key);
      }
    };
    visit(document, '#', '');
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});

describe('the docs routes', () => {
  let gateway: Gateway;
  let server: ReturnType<Gateway['app']['listen']>;
  let base: string;

  beforeAll(async () => {
    gateway = buildGateway();
    server = gateway.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the document as JSON at /api/v1/openapi.json', async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('serves Swagger UI at /api/v1/docs with every asset from the gateway itself', async () => {
    const redirect = await fetch(`${base}/api/v1/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(new URL(redirect.headers.get('location')!, `${base}/api/v1/docs`).pathname).toBe(
      '/api/v1/docs/',
    );

    const page = await fetch(`${base}/api/v1/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui">');
    const assets = [...html.matchAll(/(?:src|href)=['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['./swagger-ui-bundle.js', './swagger-ui.css']));
    // Offline: nothing is loaded from another origin.
    expect(assets.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    for (const asset of assets) {
      const res = await fetch(new URL(asset, `${base}/api/v1/docs/`));
      expect([asset, res.status]).toEqual([asset, 200]);
    }

    const init = await (await fetch(`${base}/api/v1/docs/swagger-ui-init.js`)).text();
    expect(init).toContain('"title": "Switchboard API"');
  });
});
