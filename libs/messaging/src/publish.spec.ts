import { randomBytes } from 'node:crypto';
import { loadConfig, natsEnv } from '@switchboard/config';
import { encodeJson } from './codec';
import { connectNats, type Nats } from './connection';
import { publishMessage } from './publish';

describe('publishMessage (real NATS)', () => {
  const name = `publish_spec_${randomBytes(4).toString('hex')}`;
  const subject = `${name}.events`;
  let nats: Nats;

  beforeAll(async () => {
    // The NATS the test run prepared (NATS_URL); libs/testing builds on this lib, so not through it.
    nats = await connectNats({ url: loadConfig(natsEnv, process.env).NATS_URL, name });
    await nats.jsm.streams.add({ name, subjects: [`${name}.>`], duplicate_window: 60_000_000_000 });
  });
  afterAll(async () => {
    await nats.jsm.streams.delete(name).catch(() => undefined);
    await nats.close();
  });

  it('publishes and deduplicates ids that are not valid header values (provider ids carry CR/LF)', async () => {
    const publish = (msgId: string) => publishMessage(nats.js, subject, encodeJson({}), { msgId });
    for (const id of ['twilio:SM1:failed:\t\n\u000b\f\r', ' padded ', 'x'.repeat(5_000)]) {
      expect((await publish(id)).duplicate).toBe(false);
      expect((await publish(id)).duplicate).toBe(true);
    }
    // Ids that differ only where a header could not carry them stay distinct.
    expect((await publish('twilio:SM2:failed:\n')).duplicate).toBe(false);
    expect((await publish('twilio:SM2:failed:\r')).duplicate).toBe(false);
    expect((await publish('twilio:SM2:failed:')).duplicate).toBe(false);
  });

  it('sends a well-formed id as it is', async () => {
    const id = `msg-${randomBytes(4).toString('hex')}`;
    await publishMessage(nats.js, subject, encodeJson({}), { msgId: id });
    const stored = await nats.jsm.streams.getMessage(name, { last_by_subj: subject });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(id);
  });
});
