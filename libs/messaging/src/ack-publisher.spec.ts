import { randomBytes } from 'node:crypto';
import { loadConfig, natsEnv } from '@switchboard/config';
import { createAckPublisher, type AckPublisher } from './ack-publisher';
import { encodeJson } from './codec';
import { connectNats, type Nats } from './connection';
import { publishMessage } from './publish';

describe('createAckPublisher (real NATS)', () => {
  const name = `ack_publisher_spec_${randomBytes(4).toString('hex')}`;
  let nats: Nats;
  let publisher: AckPublisher;

  beforeAll(async () => {
    nats = await connectNats({ url: loadConfig(natsEnv, process.env).NATS_URL, name });
    await nats.jsm.streams.add({ name, subjects: [`${name}.>`], duplicate_window: 60_000_000_000 });
    publisher = createAckPublisher(nats.nc, nats.inboxPrefix, 2_000);
  });
  afterAll(async () => {
    publisher.close();
    await nats.jsm.streams.delete(name).catch(() => undefined);
    await nats.close();
  });

  it('answers each publish with its own sequence, in a pipelined batch, as the server stored them', async () => {
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        publishMessage(publisher, `${name}.p${i % 4}`, encodeJson({ i }), { msgId: `m-${i}` }),
      ),
    );
    const seqs = acks.map((a) => a.seq);
    expect(new Set(seqs).size).toBe(200);
    expect(acks.every((a) => !a.duplicate)).toBe(true);
    // The sequence a publish was answered with is the message it stored.
    const stored = await nats.jsm.streams.getMessage(name, { seq: seqs[17]! });
    expect(stored?.json<{ i: number }>()).toEqual({ i: 17 });
    expect(stored?.header.get('Nats-Msg-Id')).toBe('m-17');
  });

  it('reports a second publish with the same id as a duplicate, stored once', async () => {
    const first = await publishMessage(publisher, `${name}.dup`, encodeJson({}), { msgId: 'same' });
    const again = await publishMessage(publisher, `${name}.dup`, encodeJson({}), { msgId: 'same' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
  });

  it('fails a publish no stream takes, instead of waiting', async () => {
    await expect(
      publisher.publish(`no_stream_${randomBytes(4).toString('hex')}.x`, encodeJson({})),
    ).rejects.toThrow(/did not store|503/);
  });

  it('fails what still waits when it is closed', async () => {
    const other = createAckPublisher(nats.nc, nats.inboxPrefix, 2_000);
    const pending = other.publish(`${name}.closing`, encodeJson({}));
    other.close();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
