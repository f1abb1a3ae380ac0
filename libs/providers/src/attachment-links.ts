/** A customer's attachment URL and the file name it is shown under. */
export interface AttachmentLink {
  url: string;
  name: string;
}

function fileNameOf(url: string, index: number): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : `attachment-${index + 1}`;
  } catch {
    return `attachment-${index + 1}`;
  }
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An email's bodies with its attachments appended as links: what a provider does with URL
 * attachments it is handed as they are, without files (a sender used without the media
 * pipeline; the email-dispatcher always resolves attachments to files first).
 *
 * @example withAttachmentLinks({ html: '<p>Hi</p>', text: 'Hi', attachmentUrls: ['https://cdn.test/a.pdf'] })
 */
export function withAttachmentLinks(email: {
  html: string;
  text: string;
  attachmentUrls: readonly string[];
}): { html: string; text: string; links: AttachmentLink[] } {
  const links = email.attachmentUrls.map((url, i) => ({ url, name: fileNameOf(url, i) }));
  if (!links.length) return { html: email.html, text: email.text, links };
  return {
    html: `${email.html}<hr><p>Attachments:</p><ul>${links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.name)}</a></li>`).join('')}</ul>`,
    text: `${email.text}\n\nAttachments:\n${links.map((l) => `${l.name}: ${l.url}`).join('\n')}`,
    links,
  };
}
