import { z } from 'zod';
import {
  AppError,
  ErrorCodes,
  MediaIdParam,
  MediaResource,
  RpcContracts,
} from '@switchboard/contracts';
import { MediaTooLargeError, MediaTypeNotAllowedError } from '@switchboard/media';
import type { GatewayContext } from '../gateway-context';
import { serveMediaContent } from '../media/media-content';
import { asAppError, uploadMedia } from '../media/media-upload';
import { problemOf, problems } from '../openapi/problem-examples';
import { json, problem, serviceErrors } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { routeDefiner } from '../routing/route-definition';

const route = routeDefiner<GatewayContext>();
const tags = ['Media'];
/** The upload route: its body is the file, streamed (the JSON body parser skips it). */
export const MEDIA_UPLOAD_PATH = '/api/v1/media';
const LIST = MEDIA_UPLOAD_PATH;
const ONE = '/api/v1/media/{id}';
const CONTENT = '/api/v1/media/{id}/content';
const EXAMPLE_ID = '01a21c50-7f3e-7a4b-8c1d-2e3f4a5b6c7d';
const at = (path: string, id = EXAMPLE_ID) => path.replace('{id}', id);
const raise = (err: unknown) => () => {
  throw err;
};

const clean: MediaResource = {
  id: EXAMPLE_ID,
  content_type: 'image/png',
  size: 48_213,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  original_name: 'receipt.png',
  source: 'upload',
  scan: { status: 'clean', signature: null, scanned_at: '2026-01-05T09:30:00.412Z' },
  url: at(CONTENT),
  created_at: '2026-01-05T09:30:00.400Z',
};
const infected: MediaResource = {
  ...clean,
  id: '01a21c50-8a4f-7b5c-9d2e-3f4a5b6c7d8e',
  content_type: 'text/plain',
  size: 68,
  original_name: 'eicar.txt',
  scan: {
    status: 'infected',
    signature: 'Eicar-Test-Signature',
    scanned_at: '2026-01-05T09:31:00.020Z',
  },
  url: at(CONTENT, '01a21c50-8a4f-7b5c-9d2e-3f4a5b6c7d8e'),
};
const pending: MediaResource = {
  ...clean,
  scan: { status: 'pending', signature: null, scanned_at: null },
};

const UploadQuery = z.object({
  filename: z
    .string()
    .max(255)
    .optional()
    .describe('The file name of a raw-body upload (a multipart part carries its own)'),
});

const SignedQuery = z.object({
  expires: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe('Signed URLs only: when the URL stops working (Unix seconds)'),
  signature: z
    .string()
    .optional()
    .describe(
      'Signed URLs only: HMAC-SHA256 over the id and `expires`. A signed URL is served without credentials: it is what providers fetch MMS media from',
    ),
});

const notFound = problem("No such media (or another tenant's)", {
  notFound: problemOf(at(ONE), raise(AppError.notFound('Media'))),
});
const badId = problem('The id is not a UUID', { badId: problems.badId(at(ONE, 'not-a-uuid')) });

/**
 * `/api/v1/media`: files uploaded for sends, fetched from URL attachments or received inbound.
 * Every file is typed from its bytes and scanned by clamd; only clean files are served or sent.
 * docs/MEDIA.md.
 */
export const mediaRoutes = [
  route({
    method: 'post',
    path: LIST,
    operationId: 'uploadMedia',
    tags,
    summary: 'Upload a file',
    description:
      "The raw body with its `Content-Type` (name it with `?filename=`), or `multipart/form-data` with one file part. The file is streamed to storage and to the malware scanner while it is hashed; its type is sniffed from its bytes (the declared type is not trusted) and must be one a channel accepts. Answers the record with the scan verdict: `clean`, `infected` (kept in quarantine, never served or sent) or `pending` (the scanner was unavailable: the file is held until it is scanned). The same bytes uploaded again answer the first record. Use the `id` in a send's `attachments`.",
    request: {
      query: UploadQuery,
      body: {
        schema: z.string().meta({ format: 'binary' }),
        contentType: 'application/octet-stream',
        examples: { png: { summary: 'A PNG image (any accepted type)', value: '<bytes>' } },
        parseWith: z.unknown(),
      },
    },
    responses: {
      '200': json('The tenant already has these bytes: their record', MediaResource, { clean }),
      '201': json('The file, stored and scanned', MediaResource, { clean, infected, pending }),
      '413': problem('The file is larger than `MEDIA_MAX_BYTES` (20 MiB by default)', {
        tooLarge: problemOf(LIST, raise(asAppError(new MediaTooLargeError(20 * 1024 * 1024)))),
      }),
      '422': problem('The bytes are of a type no channel accepts (e.g. an executable)', {
        typeNotAllowed: problemOf(
          LIST,
          raise(asAppError(new MediaTypeNotAllowedError('application/x-elf'))),
        ),
      }),
      ...serviceErrors(LIST),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, query }) {
      const { media, created } = await uploadMedia(ctx, req, query.filename);
      res
        .status(created ? 201 : 200)
        .location(at(ONE, media.id))
        .json(media);
    },
  }),
  route({
    method: 'get',
    path: ONE,
    operationId: 'getMedia',
    tags,
    summary: "Get a file's record",
    description:
      'Its sniffed type, size, hash and scan verdict (with the signature found, when infected).',
    request: { path: MediaIdParam },
    responses: {
      '200': json('The record', MediaResource, { clean, infected }),
      '400': badId,
      '404': notFound,
      ...serviceErrors(ONE),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      const { media } = await ctx.call(RpcContracts.getMedia, {
        tenant_id: ctx.tenantOf(req),
        id: path.id,
      });
      res.json(media);
    },
  }),
  route({
    method: 'get',
    path: CONTENT,
    operationId: 'getMediaContent',
    tags,
    summary: 'Download a file',
    description:
      'The bytes, with the sniffed `Content-Type`, once the file is scanned clean; `409` while it is pending or when it is quarantined. With `expires` and `signature` (a signed URL, as handed to providers) no credentials are needed until it expires.',
    request: { path: MediaIdParam, query: SignedQuery },
    responses: {
      '200': {
        description: 'The bytes',
        content: {
          'application/octet-stream': {
            schema: z.string().meta({ format: 'binary' }),
            examples: {
              png: { summary: 'The bytes, typed as sniffed (here image/png)', value: '<bytes>' },
            },
          },
        },
      },
      '400': badId,
      '403': problem('A signed URL that is not valid or has expired', {
        badSignature: problemOf(
          at(CONTENT),
          raise(new AppError(ErrorCodes.forbidden, 'The signed URL is not valid or has expired')),
        ),
      }),
      '404': notFound,
      '409': problem('Not scanned clean: pending, infected or refused by the scanner', {
        infected: problemOf(
          at(CONTENT),
          raise(new AppError(ErrorCodes.conflict, 'The file is not served: its scan is infected')),
        ),
      }),
      ...serviceErrors(CONTENT),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      await serveMediaContent(ctx, res, ctx.tenantOf(req), path.id);
    },
  }),
];
