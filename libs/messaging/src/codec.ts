import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { z } from 'zod';

const encoder = new TextEncoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** NATS headers from a plain record (trace and request ids travel this way). */
export function toHeaders(
  record: Readonly<Record<string, string>> | undefined,
): MsgHdrs | undefined {
  if (!record || Object.keys(record).length === 0) return undefined;
  const h = natsHeaders();
  for (const [key, value] of Object.entries(record)) h.set(key, value);
  return h;
}

export function fromHeaders(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}

/** Decodes a JSON payload and validates it against a contract schema. */
export function decodeJson<S extends z.ZodType>(schema: S, data: Uint8Array): z.output<S> {
  return schema.parse(JSON.parse(new TextDecoder().decode(data)));
}
