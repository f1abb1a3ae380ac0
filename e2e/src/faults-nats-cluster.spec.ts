import { Streams } from '@switchboard/contracts';
import { connectNats, type Nats } from '@switchboard/messaging';
import {
  eventually,
  exactlyOnceInOrder,
  loadOutcome,
  sandboxMessages,
  startMessageLoad,
  type PrivateNats,
  type PrivateNatsCluster,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';

const MESSAGES = 1_000;
const CONVERSATIONS = 50;
/** How long the killed server stays away before it is started again. */
const DOWN_MS = 5_000;

/** The state of a stream's replicas, as the cluster reports it. */
async function replicaState(admin: Nats, stream: string) {
  const { cluster, state } = await admin.jsm.streams.info(stream);
  return {
    leader: cluster?.leader ?? null,
    followers: (cluster?.replicas ?? []).map((r) => ({
      name: r.name,
      current: r.current,
      offline: r.offline ?? false,
    })),
    messages: state.messages,
  };
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

/**
 * Fault test 7: NATS runs as a three-server cluster and every stream keeps three replicas (R3),
 * as in production. Halfway through a load the server leading the DISPATCH stream dies
 * (`kill -9`) and comes back 5 s later. What a user would notice: every message answered 201
 * reaches the provider exactly once, in its conversation's order, and ends `sent`; the services,
 * given every server's URL, carry on through the other two.
 */
describe('a NATS cluster losing the server that leads DISPATCH', () => {
  let faults: FaultStack | undefined;
  let cluster: PrivateNatsCluster;
  let admin: Nats | undefined;

  beforeAll(async () => {
    // The SMS path only: the load is SMS, callbacks are off.
    faults = await startFaultStack({
      natsCluster: 3,
      only: ['provider-sandbox', 'conversation-service', 'sms-dispatcher', 'gateway'],
    });
    cluster = faults.stack.natsCluster!;
    admin = await connectNats({
      url: cluster.url,
      name: 'cluster-probe',
      ...cluster.credentials.admin!,
    });
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await faults?.stop();
  });

  it('delivers 1,000 messages over 50 conversations exactly once and in order, and recovers', async () => {
    const { gateway, sandbox } = faults!;
    for (const stream of Object.values(Streams)) {
      expect((await replicaState(admin!, stream.name)).followers).toHaveLength(2);
    }

    const load = startMessageLoad({
      gateway,
      conversations: CONVERSATIONS,
      perConversation: MESSAGES / CONVERSATIONS,
      concurrency: 20,
      tag: 'cluster',
    });
    await load.moreAccepted(MESSAGES / 2);

    const victim: PrivateNats = await cluster.leaderOf(Streams.dispatch.name);
    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    const elected = await eventually(
      () => replicaState(admin!, Streams.dispatch.name),
      (s) => s.leader !== null && s.leader !== victim.serverName,
      { what: 'a new DISPATCH leader', timeoutMs: 30_000, intervalMs: 100 },
    );
    const electedAfterMs = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + DOWN_MS - Date.now())));
    await victim.restart();
    const restartedAt = Date.now();
    // The restarted server catches up: it holds the stream again, as a current replica.
    const rejoining = eventually(
      () => replicaState(admin!, Streams.dispatch.name),
      (s) =>
        s.followers.length === 2 &&
        s.followers.every((f) => f.current && !f.offline) &&
        [s.leader, ...s.followers.map((f) => f.name)].includes(victim.serverName),
      { what: `${victim.serverName} current again`, timeoutMs: 60_000, intervalMs: 250 },
    ).then(() => Date.now() - restartedAt);

    const messages = await load.done;
    const outcome = await loadOutcome(gateway, sandbox, messages);
    const rejoinedAfterMs = await rejoining;
    const stored = await replicaState(admin!, Streams.dispatch.name);

    // Recovery as a client sees it: the first message accepted after the kill that reached the
    // provider, and the longest pause between two answered sends around it.
    const acceptedAfterKill = new Map(
      messages
        .filter((m) => m.status === 201 && m.answeredAt! > killedAt)
        .map((m) => [`${m.to}|${m.body}`, m]),
    );
    const firstDeliveryAfterKill = Math.min(
      ...(await sandboxMessages(sandbox))
        .filter((r) => acceptedAfterKill.has(`${r.to}|${r.body.trim()}`))
        .map((r) => Date.parse(r.received_at)),
    );
    const answers = messages
      .filter((m) => m.status === 201)
      .map((m) => m.answeredAt!)
      .sort((a, b) => a - b);
    const longestAcceptPause = Math.max(
      ...answers.slice(1).map((t, i) => (t > killedAt - 10_000 ? t - answers[i]! : 0)),
    );
    console.log(
      [
        `NATS cluster fault: killed ${victim.serverName} (DISPATCH leader) after ${MESSAGES / 2} accepted sends`,
        `  new DISPATCH leader ${elected.leader} after ${seconds(electedAfterMs)}`,
        `  first message accepted after the kill reached the provider ${seconds(firstDeliveryAfterKill - killedAt)} after it`,
        `  longest pause between accepted sends: ${seconds(longestAcceptPause)}`,
        `  ${victim.serverName} restarted ${seconds(restartedAt - killedAt)} after the kill, a current replica again ${seconds(rejoinedAfterMs)} later`,
        `  accepted ${outcome.accepted}, refused (503) ${outcome.refused}, delivered ${outcome.received}, statuses ${JSON.stringify(outcome.statuses)}`,
      ].join('\n'),
    );

    const { actual, expected } = exactlyOnceInOrder(outcome);
    expect(actual).toEqual(expected);
    // A send may be refused while the cluster elects a leader, not more than that.
    expect(outcome.accepted).toBeGreaterThanOrEqual(MESSAGES * 0.95);
    expect(acceptedAfterKill.size).toBeGreaterThan(0);
    expect(stored.messages).toBeGreaterThanOrEqual(outcome.accepted);
  }, 240_000);
});
