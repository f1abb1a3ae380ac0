import { Streams, Subjects } from '@switchboard/contracts';
import { connectNats, encodeJson, ensureStreams, type Nats } from '@switchboard/messaging';
import { startPrivateNatsSupercluster, type PrivateNats } from '@switchboard/testing';

/**
 * The evidence behind docs/DEPLOYMENT.md, "NATS: the regions are not joined": two single-server
 * regions joined by a NATS gateway (nats-server's supercluster) share JetStream's streams, so a
 * region's commands would depend on the other region's servers. If a nats-server upgrade ever
 * makes these fail, revisit that decision.
 */
describe('two regions joined by a NATS gateway share their JetStream streams', () => {
  let regionA: PrivateNats;
  let regionB: PrivateNats;
  let adminA: Nats | undefined;
  let adminB: Nats | undefined;

  beforeAll(async () => {
    [regionA, regionB] = (await startPrivateNatsSupercluster(['region-a', 'region-b'])) as [
      PrivateNats,
      PrivateNats,
    ];
    const admin = (server: PrivateNats) =>
      connectNats({ url: server.url, name: 'supercluster-spec', ...server.credentials.admin! });
    adminA = await admin(regionA);
    adminB = await admin(regionB);
  }, 60_000);
  afterAll(async () => {
    await adminA?.close();
    await adminB?.close();
    await Promise.all([regionA?.destroy(), regionB?.destroy()]);
  });

  it('provisions region B’s DISPATCH as the one region A made, stored in region A', async () => {
    await ensureStreams(adminA!.jsm, undefined, 1);
    await ensureStreams(adminB!.jsm, undefined, 1);
    const seenFromB = await adminB!.jsm.streams.info(Streams.dispatch.name);
    expect(seenFromB.cluster?.name).toBe('region-a');
    const stored = await adminB!.js.publish(
      Subjects.dispatch('sms', 0),
      encodeJson({ probe: true }),
    );
    expect(stored.stream).toBe(Streams.dispatch.name);
    expect((await adminA!.jsm.streams.info(Streams.dispatch.name)).state.messages).toBe(1);
  });

  it('leaves region B unable to store a command while region A is down', async () => {
    await regionA.stop();
    // Region B's server answers for JetStream itself: without region A it has no meta leader, and
    // the stream it would store into is region A's anyway.
    await expect(
      adminB!.js.publish(Subjects.dispatch('sms', 1), encodeJson({ probe: true })),
    ).rejects.toThrow(/jetstream is not enabled|no responders/i);
  });
});
