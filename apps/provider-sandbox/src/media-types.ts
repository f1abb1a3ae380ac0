const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  heic: 'image/heic',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  amr: 'audio/amr',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  vcf: 'text/vcard',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
  json: 'application/json',
  zip: 'application/zip',
};

const FALLBACK = 'application/octet-stream';

/** The last path segment of a URL (decoded), or undefined when it has none. */
export function fileNameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The content type a provider would report for a media URL, guessed from its extension as the
 * sandbox never fetches it.
 *
 * @example contentTypeOf('https://cdn.test/cat.JPG') === 'image/jpeg'
 */
export function contentTypeOf(urlOrName: string): string {
  const name = fileNameOf(urlOrName) ?? urlOrName;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return FALLBACK;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? FALLBACK;
}
