/**
 * voice-dispatcher's settings: the schema its composition root parses, which the deployment
 * checks read too.
 *
 * @example const config = loadConfig(voiceDispatcherConfigSchema, process.env);
 */
export { voiceDispatcherConfigSchema } from './config';

export type { VoiceDispatcherConfig } from './config';
