import { z } from 'zod';
import { csv } from '@switchboard/config';
import type { ChannelSender, ConsentCheck, SenderCheck } from '@switchboard/contracts';
import type { UnsubscribeLinksFor } from '../provider';

/** What a channel's senders are given besides settings. */
export interface ChannelDeps {
  /** Whether a message's tenant may still send from its address, asked before every send. */
  checkSender: SenderCheck;
  /** Whether a message's recipient still consents (no opt-out or suppression), asked before every send. */
  checkConsent: ConsentCheck;
  /** Email: the one-click unsubscribe links of a recipient's marketing mail. */
  unsubscribeLinks?: UnsubscribeLinksFor;
}

/** One channel's providers by configured name, each building its sender from the settings. */
export type ProviderRegistry<Settings> = Readonly<
  Record<string, (settings: Settings, deps: ChannelDeps) => ChannelSender>
>;

/** The names a registry knows, for a `z.enum`. */
export function providerNames<Registry extends ProviderRegistry<never>>(registry: Registry) {
  return Object.keys(registry) as [
    Extract<keyof Registry, string>,
    ...Extract<keyof Registry, string>[],
  ];
}

/** A comma-separated list of known provider names, in the order they are tried; at least one. */
export function providerList<Name extends string>(
  fallback: string,
  names: readonly [Name, ...Name[]],
) {
  return csv(fallback).pipe(z.array(z.enum(names)).min(1).readonly());
}
