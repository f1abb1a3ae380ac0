/**
 * Media: files kept in object storage over the S3 API, typed from their bytes and scanned by
 * clamd before anyone is handed them.
 */
export { createMediaStorage } from './media-storage';
export { openMedia } from './open-media';
export { clamdAnswers, createClamdScanner } from './clamd-scanner';
export { sniffContentType, SNIFF_BYTES } from './content-sniffer';
export {
  ACCEPTED_TYPES,
  attachmentsRefusal,
  MEDIA_CHANNELS,
  MediaLimits,
  typeAllowed,
} from './media-policy';
export { recordFieldsOf, scanStored, storeAndScan } from './media-ingest';
export { mediaSignatureValid, signedMediaUrl } from './signed-media-url';
export {
  DEVELOPMENT_MEDIA_URL_SECRET,
  LOCAL_CLAMD,
  LOCAL_S3,
  mediaEnv,
  mediaProductionRules,
  mediaRetentionEnv,
  mediaStorageEnv,
  mediaStorageProductionRules,
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
export type { MediaEnv, MediaRetentionEnv, MediaStorageEnv } from './media-settings';
export type { MediaErrorCode } from './media-errors';
export type { ScanStatus, ScanVerdict } from './scan-verdict';
export {
  getStoredMedia,
  mediaContentPath,
  mediaResourceOf,
  mediaRowsOf,
  recordMedia,
  recordMediaRow,
  recordVerdict,
  touchMedia,
} from './media.repository';
export { attachmentRefusals, scanRefusal } from './attachment-refusals';
export { createAttachmentResolver, MEDIA_STAGE } from './attachment-resolver';
export { fetchGuarded, MAX_REDIRECTS, MEDIA_FETCH_TIMEOUT_MS } from './media-fetch';
export type {
  AttachmentResolution,
  AttachmentResolver,
  AttachmentResolverDeps,
} from './attachment-resolver';
export type { FetchedFile, FetchGuardedOptions } from './media-fetch';
export { dispatchMedia } from './dispatch-media';
export {
  attachmentHostEnv,
  mediaDispatchEnv,
  mediaDispatchProductionRules,
} from './media-settings';
export type { MediaDispatchEnv } from './media-settings';
export { fetchProviderMedia, ProviderMediaError } from './provider-media-fetch';
export type { ProviderMediaSource } from './provider-media-fetch';
export { sweepExpiredMedia } from './media-retention';
export type { RetentionPass } from './media-retention';
