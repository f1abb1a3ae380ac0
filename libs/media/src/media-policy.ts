/** Where a file goes: what the channel's providers accept. */
export const MEDIA_CHANNELS = ['mms', 'email'] as const;
export type MediaChannel = (typeof MEDIA_CHANNELS)[number];

const IMAGES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'];
const AUDIO_VIDEO = [
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'audio/wav',
  'audio/amr',
  'video/mp4',
  'video/3gpp',
  'video/quicktime',
];
const TEXT = ['text/plain', 'text/vcard', 'text/x-vcard', 'text/csv', 'text/calendar'];
const DOCUMENTS = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
];

/** Per channel: the sniffed types accepted and the total size of one message's attachments. */
export const MediaLimits = {
  /** Twilio's limit on one MMS: 5 MB of media in all. */
  mms: {
    types: new Set([...IMAGES, ...AUDIO_VIDEO, ...TEXT, 'application/pdf']),
    totalBytes: 5 * 1024 * 1024,
  },
  /** SendGrid takes 30 MB per message; attachments keep to 20 MB so the body always fits. */
  email: {
    types: new Set([...IMAGES, ...AUDIO_VIDEO, ...TEXT, ...DOCUMENTS]),
    totalBytes: 20 * 1024 * 1024,
  },
} as const satisfies Record<MediaChannel, { types: ReadonlySet<string>; totalBytes: number }>;

/** What any channel accepts: an upload is checked against this, and against its channel at send. */
export const ACCEPTED_TYPES: ReadonlySet<string> = new Set([
  ...MediaLimits.mms.types,
  ...MediaLimits.email.types,
]);

/** Whether a file of this sniffed type may go out on the channel (any channel when omitted). */
export function typeAllowed(contentType: string, channel?: MediaChannel): boolean {
  return (channel ? MediaLimits[channel].types : ACCEPTED_TYPES).has(contentType);
}

/**
 * Why a message's attachments may not go out on the channel, or `undefined`.
 *
 * @example attachmentsRefusal('mms', [{ content_type: 'application/x-elf', size: 10 }]) // 'attachments.0: …'
 */
export function attachmentsRefusal(
  channel: MediaChannel,
  files: readonly { content_type: string; size: number }[],
): string | undefined {
  const limit = MediaLimits[channel];
  const wrong = files.findIndex((f) => !limit.types.has(f.content_type));
  if (wrong >= 0) {
    return `attachments.${wrong}: ${files[wrong]?.content_type} is not accepted for ${channel}`;
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > limit.totalBytes) {
    return `attachments: ${total} bytes in all, over the ${channel} limit of ${limit.totalBytes}`;
  }
  return undefined;
}
