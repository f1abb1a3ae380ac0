export { generateApiKey, hashApiKey, looksLikeApiKey, parseApiKey } from './api-key';
export { authenticateApiKey, issueApiKey, listApiKeys, revokeApiKey } from './api-key.repository';
export {
  createTenant,
  getTenant,
  listTenants,
  setTenantRateLimit,
  setTenantTokenIssuer,
  tenantPrincipal,
} from './tenant.repository';
export {
  claimAddress,
  listAddresses,
  ownerOfAddress,
  releaseAddress,
} from './tenant-address.repository';
export {
  setVoiceForward,
  setVoiceGreeting,
  VOICE_GREETING_MAX_CHARS,
} from './address-voice-settings';
export { tenantJwtSecret } from './tenant-jwt-secret';
export {
  senderPolicyEnv,
  senderCheck,
  senderPolicyProductionRule,
  senderRefusal,
  sendersMustBeClaimed,
} from './sender-policy';

export { CONSENT_KEYWORDS, consentKeywordOf } from './consent-keywords';
export {
  EVERY_SENDER,
  MARKETING_ONLY_REASONS,
  allowReply,
  consentCheck,
  consentRefusals,
  listSuppressions,
  suppress,
  toSuppressionResource,
  unsuppress,
} from './suppression.repository';
export {
  consentSettingsOf,
  quietHoursHold,
  setConsentSettings,
} from './consent-settings.repository';
export { formatQuietHours, parseQuietHours, quietUntil, recipientTimeZone } from './quiet-hours';
export { clientEventOutboxRows, enqueueClientEvents } from './client-event-outbox';
export {
  SANDBOX_UNSUBSCRIBE_SECRET,
  UNSUBSCRIBE_PATH,
  signUnsubscribeToken,
  unsubscribeEnv,
  unsubscribeLinks,
  unsubscribeProductionRules,
  verifyUnsubscribeToken,
} from './unsubscribe-token';

export type { ConsentKeyword } from './consent-keywords';
export type {
  ConsentSubject,
  ListSuppressionsInput,
  SuppressInput,
  UnsuppressInput,
} from './suppression.repository';
export type { ConsentSettings, ConsentSettingsInput } from './consent-settings.repository';
export type { QuietHours } from './quiet-hours';
export type { UnsubscribeLinks, UnsubscribeSubject } from './unsubscribe-token';
export type { ParsedApiKey } from './api-key';
export type { ApiKeyRecord, IssuedApiKey } from './api-key.repository';
export type { TenantRecord } from './tenant.repository';
export type { TenantAddressRecord } from './tenant-address.repository';
export type { AddressVoiceSettings } from './address-voice-settings';
