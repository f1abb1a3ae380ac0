import type { oas31 } from 'zod-openapi';
import { apiRoutes, gatewayOpenApiDocument } from '../gateway-routes';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every documented operation. */
function documentedOperations(document: Json) {
  return Object.entries(document['paths'] as Json).flatMap(([path, item]) =>
    Object.keys(item as Json)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => ({ method, path, operation: (item as Json)[method] as Json })),
  );
}

const document = gatewayOpenApiDocument() as unknown as Json;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and the same on every build', () => {
    expect(document['openapi']).toBe('3.1.0');
    expect(JSON.stringify(gatewayOpenApiDocument())).toBe(JSON.stringify(document));
  });

  it('lists each route of the client API once, at its method and path, as needing credentials', () => {
    const paths = document['paths'] as Record<string, Record<string, oas31.OperationObject>>;
    for (const route of apiRoutes) {
      const operation = paths[route.path]?.[route.method];
      expect([route.path, route.method, operation?.operationId]).toEqual([
        route.path,
        route.method,
        route.operationId,
      ]);
      expect(operation?.security).toEqual([{ apiKey: [] }, { apiKeyHeader: [] }]);
    }
    const ids = documentedOperations(document).map((op) => op.operation['operationId']);
    expect(new Set(ids).size).toBe(ids.length);
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
