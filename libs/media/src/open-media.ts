import { createClamdScanner, type MalwareScanner } from './clamd-scanner';
import { storageSettingsOf, type MediaEnv } from './media-settings';
import { createMediaStorage, type MediaStorage } from './media-storage';

/**
 * The storage and scanner an app's media settings describe.
 *
 * @example const { storage, scanner } = openMedia(config);
 */
export function openMedia(config: MediaEnv & { ENVIRONMENT: string }): {
  storage: MediaStorage;
  scanner: MalwareScanner;
} {
  return {
    storage: createMediaStorage(storageSettingsOf(config)),
    scanner: createClamdScanner({
      host: config.CLAMD_HOST,
      port: config.CLAMD_PORT,
      timeoutMs: config.CLAMD_TIMEOUT_MS,
    }),
  };
}
