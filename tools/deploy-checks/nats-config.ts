/**
 * Renders the NATS permission table (NATS_PERMISSIONS in @switchboard/messaging) into the
 * configurations shipped with the repository:
 *
 * - infra/nats/authorization.conf, included by docker-compose.yml's nats-server and by the
 *   nats-server `npm start` starts when none is running;
 * - `config.merge.authorization` of infra/nats/values.yaml (the Helm chart).
 *
 * Passwords are never in these files: each is a `$NATS_<USER>_PASSWORD` reference the server
 * resolves from its environment. Run after changing the table:
 *
 *   node --import tsx tools/deploy-checks/nats-config.ts
 *
 * tools/deploy-checks fails while a shipped copy differs from the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import {
  NATS_ADMIN_USER,
  NATS_PERMISSIONS,
  NATS_SERVICES,
  natsPasswordVariable,
  renderNatsAuthorization,
} from '@switchboard/messaging';

const ROOT = path.resolve(__dirname, '../..');
export const AUTHORIZATION_CONF = path.join(ROOT, 'infra/nats/authorization.conf');
export const HELM_VALUES = path.join(ROOT, 'infra/nats/values.yaml');

const HEADER =
  '# Generated from NATS_PERMISSIONS (libs/messaging/src/nats-permissions.ts) by\n' +
  '# `node --import tsx tools/deploy-checks/nats-config.ts`: edit the table, not this file.\n' +
  '# One user per service; passwords come from the server environment (NATS_<USER>_PASSWORD).\n';

/** infra/nats/authorization.conf as the table renders it. */
export function authorizationConf(): string {
  return HEADER + renderNatsAuthorization((user) => `$${natsPasswordVariable(user)}`);
}

/** The Helm chart's `config.merge.authorization`: the same users, passwords from `container.env`. */
export function helmAuthorization() {
  const password = (user: string) =>
    `<< $${natsPasswordVariable(user as typeof NATS_ADMIN_USER)} >>`;
  return {
    users: [
      {
        user: NATS_ADMIN_USER,
        password: password(NATS_ADMIN_USER),
        permissions: { publish: '>', subscribe: '>' },
      },
      ...NATS_SERVICES.map((service) => {
        const p = NATS_PERMISSIONS[service];
        return {
          user: service,
          password: password(service),
          permissions: {
            publish: {
              allow: [...p.publish],
              ...(p.publishDeny?.length ? { deny: [...p.publishDeny] } : {}),
            },
            subscribe: { allow: [...p.subscribe] },
            ...(p.allowResponses ? { allow_responses: true } : {}),
          },
        };
      }),
    ],
  };
}

function main() {
  writeFileSync(AUTHORIZATION_CONF, authorizationConf());
  const values = parseDocument(readFileSync(HELM_VALUES, 'utf8'));
  values.setIn(['config', 'merge', 'authorization'], helmAuthorization());
  writeFileSync(HELM_VALUES, values.toString({ lineWidth: 0 }));
  console.log(
    `wrote ${path.relative(ROOT, AUTHORIZATION_CONF)} and ${path.relative(ROOT, HELM_VALUES)}`,
  );
}

if (require.main === module) main();
