import { z } from 'zod';
import { csv } from '@switchboard/config';
import type { ChannelSender } from '@switchboard/contracts';

/** One channel's providers by configured name, each building its sender from the settings. */
export type ProviderRegistry<Settings, Options = undefined> = Readonly<
  Record<string, (settings: Settings, options: Options) => ChannelSender>
>;

/** The names a registry knows, for a `z.enum`. */
export function providerNames<Registry extends ProviderRegistry<never, never>>(registry: Registry) {
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
