/**
 * Media: files kept in object storage over the S3 API, typed from their bytes and scanned by
 * clamd before anyone is handed them.
 */
export { createMediaStorage } from './media-storage';
export { clamdAnswers, createClamdScanner } from './clamd-scanner';
export { sniffContentType, SNIFF_BYTES } from './content-sniffer';
export {
  ACCEPTED_TYPES,
  attachmentsRefusal,
  MEDIA_CHANNELS,
  MediaLimits,
  typeAllowed,
} from './media-policy';
export { scanStored, storeAndScan } from './media-ingest';
export { mediaSignatureValid, signedMediaUrl } from './signed-media-url';
export {
  DEVELOPMENT_MEDIA_URL_SECRET,
  LOCAL_CLAMD,
  LOCAL_S3,
  mediaEnv,
  mediaProductionRules,
  storageSettingsOf,
} from './media-settings';
export {
  MediaError,
  MediaErrorCodes,
  MediaFetchRefusedError,
  MediaTooLargeError,
  MediaTypeNotAllowedError,
  ScannerUnavailableError,
} from './media-errors';
export { SCAN_STATUSES } from './scan-verdict';

export type { MediaStorage, MediaStorageSettings, StoredObject } from './media-storage';
export type { ClamdSettings, MalwareScanner } from './clamd-scanner';
export type { MediaChannel } from './media-policy';
export type { IngestedFile, IngestInput } from './media-ingest';
export type { MediaEnv } from './media-settings';
export type { MediaErrorCode } from './media-errors';
export type { ScanStatus, ScanVerdict } from './scan-verdict';
