import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { SendMessageRequest } from '@switchboard/contracts';
import { documentedRoutes, gatewayOpenApiDocument } from '../gateway-routes';
import { CompatEmailBody } from '../routes/compat-messages.routes';
import { toSendCommand } from '../send-command';
import { documentedPaths } from './openapi-document';
import { webhookPaths } from './webhook-docs';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const document = gatewayOpenApiDocument() as unknown as Json;

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
    for (const [path, item] of Object.entries(documentedPaths(documentedRoutes, webhookPaths()))) {
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

  it('passes the validation of the route it is sent to', () => {
    const refused: string[] = [];
    for (const route of documentedRoutes) {
      const body = route.request?.body;
      if (!body) continue;
      for (const [name, example] of Object.entries(body.examples)) {
        const result = (body.parseWith ?? body.schema).safeParse(example.value);
        if (!result.success) refused.push(`${route.method} ${route.path} ${name}`);
      }
    }
    expect(refused).toEqual([]);
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
