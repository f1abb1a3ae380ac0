import type { MediaResource, Problem } from '@switchboard/contracts';
import { TestFiles } from '@switchboard/media/testing';
import type { IsolationStack } from './isolation-stack';

/** Uploads `bytes` as a tenant (raw body). */
export async function upload(
  gateway: string,
  key: string,
  bytes: Buffer,
  type = 'image/png',
): Promise<{ status: number; body: MediaResource }> {
  const res = await fetch(`${gateway}/api/v1/media?filename=private.png`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': type },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as MediaResource };
}

/** How tenant B is kept from tenant A's files: every media route, tried with A's media id. */
export function crossTenantMediaProbes(suite: IsolationStack): Record<string, () => Promise<void>> {
  // A file of A's, made once for the probes that need it: a PNG of its own bytes.
  let mediaOfA: Promise<MediaResource> | undefined;
  const privatePng = Buffer.concat([TestFiles.png, Buffer.from(`${Date.now()}-a`)]);
  const ofA = () =>
    (mediaOfA ??= upload(suite.gateway, suite.a.key, privatePng).then((res) => {
      expect(res.status).toBe(201);
      expect(res.body.scan.status).toBe('clean');
      return res.body;
    }));
  const asB = (path: string) =>
    fetch(`${suite.gateway}${path}`, { headers: { authorization: `Bearer ${suite.b.key}` } });

  return {
    'post /api/v1/media': async () => {
      const mine = await ofA();
      // The same bytes are one media per tenant: B's upload is B's own record, not A's.
      const same = await upload(suite.gateway, suite.b.key, privatePng);
      expect(same.status).toBe(201);
      expect(same.body.id).not.toBe(mine.id);
      expect(same.body.sha256).toBe(mine.sha256);
    },
    'get /api/v1/media/{id}': async () => {
      const { id } = await ofA();
      const res = await asB(`/api/v1/media/${id}`);
      suite.expectNotFound({ status: res.status, headers: res.headers, body: await res.json() });
    },
    'get /api/v1/media/{id}/content': async () => {
      const { id } = await ofA();
      const res = await asB(`/api/v1/media/${id}/content`);
      suite.expectNotFound({ status: res.status, headers: res.headers, body: await res.json() });
      // Nor without credentials, with a signature of its own making.
      const forged = await fetch(
        `${suite.gateway}/api/v1/media/${id}/content?expires=9999999999&signature=forged`,
      );
      expect(forged.status).toBe(403);
      expect(((await forged.json()) as Problem).status).toBe(403);
    },
  };
}
