import { StorageType } from '@nats-io/jetstream';
import { Streams } from '@switchboard/contracts';
import {
  connectNats,
  ensureStreams,
  STREAM_CONFIGS,
  StreamProvisioningError,
  type Nats,
} from '@switchboard/messaging';
import {
  freePort,
  startPrivateNats,
  startPrivateNatsCluster,
  type PrivateNats,
  type PrivateNatsCluster,
} from '@switchboard/testing';

const DISPATCH = STREAM_CONFIGS.filter((c) => c.name === Streams.dispatch.name);
const DAY_NS = 86_400_000 * 1_000_000;

/**
 * Provisioning (the migrate task) on a three-server cluster: streams get the configured number
 * of replicas, an existing stream is brought to the wanted configuration in place — its messages
 * kept — and a change that would need a new stream is refused with the setting named.
 */
describe('stream provisioning on a NATS cluster', () => {
  let cluster: PrivateNatsCluster | undefined;
  let admin: Nats;

  beforeAll(async () => {
    cluster = await startPrivateNatsCluster(3);
    admin = await connectNats({
      url: cluster.url,
      name: 'provisioning-test',
      ...cluster.credentials.admin!,
    });
  }, 60_000);
  afterAll(async () => {
    await admin?.close();
    await cluster?.destroy();
  });

  const info = () => admin.jsm.streams.info(Streams.dispatch.name);

  it('creates R1, scales to R3 keeping every message, and waits for the new replicas', async () => {
    expect(await ensureStreams(admin.jsm, DISPATCH, 1)).toEqual([
      { stream: 'DISPATCH', action: 'created', settings: [] },
    ]);
    for (let i = 0; i < 100; i += 1) await admin.js.publish(`dispatch.sms.${i % 16}`, `m${i}`);

    expect(await ensureStreams(admin.jsm, DISPATCH, 3)).toEqual([
      { stream: 'DISPATCH', action: 'updated', settings: ['num_replicas'] },
    ]);
    const scaled = await info();
    expect(scaled.config.num_replicas).toBe(3);
    expect(scaled.state.messages).toBe(100);
    // Provisioning returned only once both new replicas held the data.
    expect(scaled.cluster?.replicas?.map((r) => r.current)).toEqual([true, true]);

    expect(await ensureStreams(admin.jsm, DISPATCH, 3)).toEqual([
      { stream: 'DISPATCH', action: 'unchanged', settings: [] },
    ]);
  }, 90_000);

  it('puts drifted settings back and keeps the ones it does not manage', async () => {
    const current = (await info()).config;
    await admin.jsm.streams.update(Streams.dispatch.name, {
      max_age: DAY_NS,
      max_bytes: 1 << 30,
    });
    expect(await ensureStreams(admin.jsm, DISPATCH, 3)).toEqual([
      { stream: 'DISPATCH', action: 'updated', settings: ['max_age'] },
    ]);
    const after = await info();
    expect(after.config.max_age).toBe(current.max_age);
    // An operator's own limit stays.
    expect(after.config.max_bytes).toBe(1 << 30);
    expect(after.state.messages).toBe(100);
  }, 60_000);

  it('refuses a change the server cannot make in place, touching nothing', async () => {
    const memory = DISPATCH.map((c) => ({ ...c, storage: StorageType.Memory }));
    const refused = await ensureStreams(admin.jsm, memory, 3).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StreamProvisioningError);
    expect((refused as Error).message).toMatch(/stream DISPATCH: storage cannot change/);
    const after = await info();
    expect(after.config.storage).toBe(StorageType.File);
    expect(after.state.messages).toBe(100);
  }, 60_000);

  it('scales back to R1 keeping every message', async () => {
    expect(await ensureStreams(admin.jsm, DISPATCH, 1)).toEqual([
      { stream: 'DISPATCH', action: 'updated', settings: ['num_replicas'] },
    ]);
    const after = await info();
    expect(after.config.num_replicas).toBe(1);
    expect(after.state.messages).toBe(100);
  }, 60_000);

  describe('on a single server', () => {
    let single: PrivateNats | undefined;
    afterAll(() => single?.destroy());

    it('says R3 needs a cluster of three servers', async () => {
      single = await startPrivateNats(await freePort());
      const nats = await connectNats({
        url: single.url,
        name: 'provisioning-test',
        ...single.credentials.admin!,
      });
      try {
        await expect(ensureStreams(nats.jsm, DISPATCH, 3)).rejects.toThrow(
          'stream DISPATCH: 3 replicas (NATS_STREAM_REPLICAS) need a cluster of at least 3 JetStream servers',
        );
      } finally {
        await nats.close();
      }
    }, 60_000);
  });
});
