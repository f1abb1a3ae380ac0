import { randomUUID } from 'node:crypto';
import type { MediaResource, Problem } from '@switchboard/contracts';
import { TestFiles } from '@switchboard/media/testing';

/** A tiny JSON client for the public API, returning status, headers and parsed body. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls an API with the given headers; the body is JSON unless it is already a string. */
export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const { body, headers = {} } = options;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** `request` without headers: the common case. */
export function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  return request<T>(baseUrl, method, path, { body });
}

/** A phone number no other test uses, so assertions on what the provider received are exact. */
export function uniquePhone(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

/** An email address no other test uses, its local part starting with `name`. */
export function uniqueEmail(name: string): string {
  return `${name}-${randomUUID()}@example.com`;
}

/** A PNG no other run uploaded: the same bytes would be the same media. */
export function uniquePng(): Buffer {
  return Buffer.concat([TestFiles.png, Buffer.from(`${Date.now()}${Math.random()}`)]);
}

/** Uploads a file as media (`POST /api/v1/media`, the raw body with its type). */
export async function uploadMedia(
  baseUrl: string,
  bytes: Buffer,
  contentType: string,
  filename = 'photo.png',
  headers: Record<string, string> = {},
): Promise<ApiResponse<MediaResource & Problem>> {
  const res = await fetch(`${baseUrl}/api/v1/media?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: bytes,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as MediaResource & Problem,
  };
}
