import { CHANNELS, Rpc, Streams, Subjects, type Channel } from '@switchboard/contracts';
import { STREAM_CONFIGS } from './provisioning';

/**
 * Who may do what on NATS: one user per service, each allowed to publish and subscribe only
 * where the architecture needs it, plus `admin` for provisioning streams and operating the
 * system. This table is the single source of truth: the nats-server configurations shipped in
 * infra/ and docker-compose.yml, and the server the test stacks start, are rendered from it
 * (`renderNatsAuthorization`), and tools/deploy-checks fails when a shipped copy drifts.
 *
 * nats-server 2.9 semantics: a subject permission matches with NATS wildcards; a subscription to
 * a wider wildcard than allowed is refused; `allow_responses` lets a service answer the requests
 * it received without a publish permission on anyone's inbox.
 */
export const NATS_SERVICES = [
  'gateway',
  'conversation-service',
  'sms-dispatcher',
  'email-dispatcher',
  'webhook-ingest',
  'voice-dispatcher',
  'webhook-dispatcher',
] as const;
export type NatsService = (typeof NATS_SERVICES)[number];

/** The operator's user: provisions streams (`npm run setup`, the migrate job) and administers. */
export const NATS_ADMIN_USER = 'admin';
export type NatsUser = NatsService | typeof NATS_ADMIN_USER;
export const NATS_USERS: readonly NatsUser[] = [NATS_ADMIN_USER, ...NATS_SERVICES];

export interface NatsPermissions {
  publish: readonly string[];
  /** Subjects refused although `publish` matches them (a wildcard's exceptions). */
  publishDeny?: readonly string[];
  subscribe: readonly string[];
  /** May answer requests it received (request/reply services). */
  allowResponses: boolean;
}

/**
 * Where a service's replies arrive: its own inbox prefix, so no service can read another's
 * request replies (RPC answers carry tenant data) or JetStream API answers.
 */
export const natsInboxPrefix = (service: string) => `_INBOX.${service}`;

/**
 * Durable consumers by stream and service. They must match the durables the services create
 * (conversation-service's status and inbound consumers, one per dispatcher named after it); a
 * service that creates another durable is refused by the server at start.
 */
export const NATS_DURABLES: Readonly<Record<NatsService, readonly [string, string][]>> = {
  gateway: [],
  'conversation-service': [
    [Streams.events.name, 'conversation-service-status'],
    [Streams.events.name, 'conversation-service-inbound'],
  ],
  'sms-dispatcher': [[Streams.dispatch.name, 'sms-dispatcher']],
  'email-dispatcher': [[Streams.dispatch.name, 'email-dispatcher']],
  'webhook-ingest': [],
  'voice-dispatcher': [[Streams.dispatch.name, 'voice-dispatcher']],
  'webhook-dispatcher': [[Streams.clientEvents.name, 'webhook-dispatcher']],
};

const RPC_SUBJECTS = 'rpc.conversation.*';
const MAX_DELIVERIES_ADVISORY = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>';
/** Every provisioned stream: `ensureStreams` reads each one's state at a service's start. */
const ALL_STREAMS = STREAM_CONFIGS.map((c) => c.name);

/** The JetStream API a service needs to read stream state and run its own durables, no more. */
function jetstreamApi(service: NatsService): string[] {
  return [
    // Account info (the client checks JetStream is there) and stream info (provisioning checks,
    // metrics). Neither carries message data; creating, changing or purging streams is admin's.
    '$JS.API.INFO',
    ...ALL_STREAMS.map((s) => `$JS.API.STREAM.INFO.${s}`),
    ...NATS_DURABLES[service].flatMap(([stream, durable]) => [
      `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
      // Create or update its own durable (with and without the filter subject in the name).
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
      // Pull the next batch, and settle what it was handed (ack, nak, term, in-progress).
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      `$JS.ACK.${stream}.${durable}.>`,
    ]),
  ];
}

/** Every service receives its replies and the max-deliveries advisories (metrics). */
const baseSubscribe = (service: NatsService) => [
  `${natsInboxPrefix(service)}.>`,
  MAX_DELIVERIES_ADVISORY,
];

/**
 * The gateway's event streams: an ordered consumer per open stream on CLIENT_EVENTS (ephemeral,
 * no acks, named `<prefix>_<n>`), created, read and removed by the gateway. A consumer name is
 * one token, so the allow-list takes any name on that stream; `publishDeny` keeps the
 * webhook-dispatcher's durable out of reach (reading from it would take its deliveries).
 */
const EVENT_STREAM_CONSUMER_API = [
  // Created with its filter subject in the request's subject (one filter, as the reader makes).
  `$JS.API.CONSUMER.CREATE.${Streams.clientEvents.name}.*.>`,
  `$JS.API.CONSUMER.INFO.${Streams.clientEvents.name}.*`,
  `$JS.API.CONSUMER.MSG.NEXT.${Streams.clientEvents.name}.*`,
  `$JS.API.CONSUMER.DELETE.${Streams.clientEvents.name}.*`,
];
const othersDurablesOn = (stream: string, service: NatsService) =>
  NATS_SERVICES.filter((s) => s !== service).flatMap((s) =>
    NATS_DURABLES[s].filter(([on]) => on === stream).map(([, durable]) => durable),
  );
const EVENT_STREAM_DENY = othersDurablesOn(Streams.clientEvents.name, 'gateway').flatMap(
  (durable) => [
    `$JS.API.CONSUMER.CREATE.${Streams.clientEvents.name}.${durable}`,
    `$JS.API.CONSUMER.CREATE.${Streams.clientEvents.name}.${durable}.>`,
    `$JS.API.CONSUMER.INFO.${Streams.clientEvents.name}.${durable}`,
    `$JS.API.CONSUMER.MSG.NEXT.${Streams.clientEvents.name}.${durable}`,
    `$JS.API.CONSUMER.DELETE.${Streams.clientEvents.name}.${durable}`,
  ],
);

const dispatcher = (service: NatsService, channel: Channel): NatsPermissions => ({
  publish: [
    ...jetstreamApi(service),
    Subjects.statusAll,
    Subjects.deadLetter(channel),
    // Its providers' health, for the gateway's provider health endpoint.
    Subjects.providerHealth(channel),
  ],
  subscribe: baseSubscribe(service),
  allowResponses: false,
});

/** The permission table: each service's publish and subscribe allow-lists. */
export const NATS_PERMISSIONS: Readonly<Record<NatsService, NatsPermissions>> = {
  // Asks conversation-service (request/reply); reads client events for the event streams;
  // hears the dispatchers' provider health reports.
  gateway: {
    publish: [...jetstreamApi('gateway'), RPC_SUBJECTS, ...EVENT_STREAM_CONSUMER_API],
    publishDeny: EVENT_STREAM_DENY,
    subscribe: [...baseSubscribe('gateway'), Subjects.providerHealthAll],
    allowResponses: false,
  },
  // Serves the RPCs, is the only publisher of dispatch commands and client events, consumes
  // status and inbound.
  'conversation-service': {
    publish: [
      ...jetstreamApi('conversation-service'),
      ...CHANNELS.map((c) => Subjects.dispatchAll(c)),
      Subjects.clientEventsAll,
    ],
    subscribe: [...baseSubscribe('conversation-service'), RPC_SUBJECTS],
    allowResponses: true,
  },
  'sms-dispatcher': dispatcher('sms-dispatcher', 'sms'),
  'email-dispatcher': dispatcher('email-dispatcher', 'email'),
  // Publishes what providers told it: status and inbound events; asks what a call says.
  'webhook-ingest': {
    publish: [
      ...jetstreamApi('webhook-ingest'),
      Subjects.statusAll,
      Subjects.inboundAll,
      Rpc.getCallContent,
    ],
    subscribe: baseSubscribe('webhook-ingest'),
    allowResponses: false,
  },
  'voice-dispatcher': dispatcher('voice-dispatcher', 'voice'),
  // Consumes client events; publishes nothing but its JetStream API calls.
  'webhook-dispatcher': {
    publish: jetstreamApi('webhook-dispatcher'),
    subscribe: baseSubscribe('webhook-dispatcher'),
    allowResponses: false,
  },
};

/**
 * A password in a rendered configuration: a `$NAME` reference to the nats-server's environment
 * (shipped configurations: the secret stays out of the file), or the literal (test servers).
 */
export type NatsPasswordOf = (user: NatsUser) => string;

const quote = (s: string) => JSON.stringify(s);
const list = (items: readonly string[], indent: string) =>
  `[\n${items.map((i) => `${indent}  ${quote(i)}`).join(',\n')}\n${indent}]`;

/**
 * The nats-server `authorization` block for the table: one user per service plus admin. Include
 * it from the server configuration (`include ./authorization.conf`).
 *
 * @example renderNatsAuthorization((user) => `$NATS_${user.toUpperCase().replace(/-/g, '_')}_PASSWORD`)
 */
export function renderNatsAuthorization(passwordOf: NatsPasswordOf): string {
  const password = (user: NatsUser) => {
    const value = passwordOf(user);
    return value.startsWith('$') ? value : quote(value);
  };
  const users = [
    `    {\n      user: ${quote(NATS_ADMIN_USER)}\n      password: ${password(NATS_ADMIN_USER)}\n` +
      `      permissions: { publish: ">", subscribe: ">" }\n    }`,
    ...NATS_SERVICES.map((service) => {
      const p = NATS_PERMISSIONS[service];
      const indent = '        ';
      return (
        `    {\n      user: ${quote(service)}\n      password: ${password(service)}\n` +
        `      permissions: {\n` +
        (p.publishDeny?.length
          ? `        publish: {\n          allow: ${list(p.publish, `${indent}  `)}\n` +
            `          deny: ${list(p.publishDeny, `${indent}  `)}\n        }\n`
          : `        publish: { allow: ${list(p.publish, indent)} }\n`) +
        `        subscribe: { allow: ${list(p.subscribe, indent)} }\n` +
        (p.allowResponses ? `        allow_responses: true\n` : '') +
        `      }\n    }`
      );
    }),
  ];
  return `authorization {\n  users: [\n${users.join('\n')}\n  ]\n}\n`;
}

/** The environment variable a shipped nats-server reads a user's password from. */
export const natsPasswordVariable = (user: NatsUser) =>
  `NATS_${user.toUpperCase().replace(/-/g, '_')}_PASSWORD`;
