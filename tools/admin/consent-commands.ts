import { parseArgs } from 'node:util';
import { normalizeAddress, type CountryCode } from '@switchboard/addressing';
import { SuppressionReason, ChannelKind } from '@switchboard/contracts';
import {
  consentSettingsOf,
  formatQuietHours,
  listSuppressions,
  parseQuietHours,
  setConsentSettings,
  suppress,
  unsuppress,
} from '@switchboard/tenancy';
import type { AdminDeps } from './admin-commands';

/** The consent commands, run by `runConsentCommand`; listed in the CLI's usage. */
export const CONSENT_COMMANDS = [
  'list-suppressions',
  'suppress',
  'unsuppress',
  'consent-settings',
] as const;

export const CONSENT_USAGE = `  list-suppressions <tenant> [--channel phone|email] [--reason <reason>] [--limit <n>]
  suppress <tenant> <phone or email> --note <why> [--country <CC>]
                                            adds it by hand (reason manual), audited as admin
  unsuppress <tenant> <phone or email> --note <why> [--country <CC>]
                                            removes every entry of it; the note is audited
  consent-settings <tenant> [--scope sender|tenant] [--business-name <name>] [--contact <text>]
                   [--opt-out-reply <text>] [--opt-in-reply <text>] [--help-reply <text>]
                   [--quiet-hours HH:MM-HH:MM|off]
                                            shows (and sets) how STOP/START/HELP are handled,
                                            and when marketing texts are held (recipient's time)`;

/** Whoever runs the CLI: recorded in the audit trail as the actor. */
const ACTOR = 'admin-cli';

/**
 * Runs one consent command (suppression lists and consent settings) against the database, with
 * the same functions the services use; answers the exit code. A usage mistake throws `usage`'s error.
 */
export async function runConsentCommand(
  argv: readonly string[],
  deps: AdminDeps,
  usage: (message: string) => Error,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      channel: { type: 'string' },
      reason: { type: 'string' },
      limit: { type: 'string' },
      note: { type: 'string' },
      country: { type: 'string' },
      scope: { type: 'string' },
      'business-name': { type: 'string' },
      contact: { type: 'string' },
      'opt-out-reply': { type: 'string' },
      'opt-in-reply': { type: 'string' },
      'help-reply': { type: 'string' },
      'quiet-hours': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [command, tenantId, rawAddress] = positionals;
  const { db, out } = deps;
  if (!tenantId) throw usage(`${command} needs a tenant id`);
  const print = (human: string, data: unknown) => out(values.json ? JSON.stringify(data) : human);
  const address = () => {
    if (!rawAddress) throw usage(`${command} needs a phone number or email address`);
    return normalizeAddress(rawAddress, (values.country ?? deps.defaultCountry) as CountryCode);
  };
  const note = () => {
    if (!values.note?.trim()) throw usage(`${command} needs --note <why>: it is audited`);
    return values.note.trim();
  };

  switch (command) {
    case 'list-suppressions': {
      const channel = values.channel ? ChannelKind.safeParse(values.channel) : undefined;
      const reason = values.reason ? SuppressionReason.safeParse(values.reason) : undefined;
      if (channel && !channel.success) throw usage('--channel must be phone or email');
      if (reason && !reason.success) throw usage(`--reason "${values.reason}" is not a reason`);
      const limit = Number(values.limit ?? 100);
      if (!Number.isInteger(limit) || limit < 1) throw usage('--limit must be a positive number');
      const entries = (
        await listSuppressions(db, {
          tenantId,
          limit,
          ...(channel?.data ? { channel: channel.data } : {}),
          ...(reason?.data ? { reason: reason.data } : {}),
        })
      ).slice(0, limit);
      if (values.json) return (void out(JSON.stringify(entries)), 0);
      for (const e of entries) {
        out(
          `${e.address}\t${e.channel}\t${e.reason}\tsender ${e.sender ?? 'any'}\tby ${e.created_by}\t${e.created_at}${e.note ? `\t${e.note}` : ''}`,
        );
      }
      return 0;
    }
    case 'suppress': {
      const { kind, value } = address();
      const { suppression, added } = await suppress(db, {
        tenantId,
        channel: kind,
        address: value,
        reason: 'manual',
        note: note(),
        actor: ACTOR,
      });
      print(
        added
          ? `suppressed ${value} for tenant ${tenantId}`
          : `${value} was already suppressed for tenant ${tenantId} (${suppression.reason})`,
        suppression,
      );
      return 0;
    }
    case 'unsuppress': {
      const { value } = address();
      const removed = await unsuppress(db, {
        tenantId,
        address: value,
        actor: ACTOR,
        note: note(),
      });
      print(
        `removed ${removed.length} entr${removed.length === 1 ? 'y' : 'ies'} of ${value}`,
        removed,
      );
      return removed.length > 0 ? 0 : 1;
    }
    case 'consent-settings': {
      const scope = values.scope;
      if (scope !== undefined && scope !== 'sender' && scope !== 'tenant') {
        throw usage('--scope must be sender or tenant');
      }
      const optOutScope: 'sender' | 'tenant' | undefined = scope;
      const text = (v: string | undefined) => (v === undefined ? undefined : v.trim() || null);
      const quiet = values['quiet-hours'];
      const quietHours =
        quiet === undefined ? undefined : quiet.trim() === 'off' ? null : parseQuietHours(quiet);
      if (quietHours === undefined && quiet !== undefined) {
        throw usage('--quiet-hours must be HH:MM-HH:MM (e.g. 21:00-08:00) or off');
      }
      const changes = {
        ...(quietHours !== undefined ? { quietHours } : {}),
        ...(optOutScope ? { optOutScope } : {}),
        ...(values['business-name'] !== undefined
          ? { businessName: text(values['business-name']) }
          : {}),
        ...(values.contact !== undefined ? { contact: text(values.contact) } : {}),
        ...(values['opt-out-reply'] !== undefined
          ? { optOutReply: text(values['opt-out-reply']) }
          : {}),
        ...(values['opt-in-reply'] !== undefined
          ? { optInReply: text(values['opt-in-reply']) }
          : {}),
        ...(values['help-reply'] !== undefined ? { helpReply: text(values['help-reply']) } : {}),
      };
      const settings =
        Object.keys(changes).length > 0
          ? await setConsentSettings(db, tenantId, changes)
          : await consentSettingsOf(db, tenantId);
      print(
        [
          `opt-out scope: ${settings.optOutScope}`,
          `opt-out reply: ${settings.optOutReply}`,
          `opt-in reply:  ${settings.optInReply}`,
          `help reply:    ${settings.helpReply}`,
          `quiet hours:   ${settings.quietHours ? `${formatQuietHours(settings.quietHours)} (recipient's local time; marketing SMS/MMS held)` : 'none'}`,
        ].join('\n'),
        settings,
      );
      return 0;
    }
    default:
      throw usage(`unknown command "${command}"`);
  }
}
