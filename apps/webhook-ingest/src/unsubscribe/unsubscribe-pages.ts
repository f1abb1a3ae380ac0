import type { UnsubscribeSubject } from '@switchboard/tenancy';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const page = (title: string, content: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">${title}</h1>
${content}
</body>
</html>
`;

/**
 * What `GET` on an unsubscribe link shows: the address and a button that posts the one-click
 * form to the same URL. Nothing changes until the button is pressed.
 */
export function confirmationPage(subject: UnsubscribeSubject): string {
  return page(
    'Unsubscribe',
    `<p>Stop marketing email to <strong>${escapeHtml(subject.address)}</strong> from this sender?</p>
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

/** What a successful `POST` answers (mailbox providers ignore it; a person sees it). */
export function unsubscribedPage(subject: UnsubscribeSubject): string {
  return page(
    'Unsubscribed',
    `<p><strong>${escapeHtml(subject.address)}</strong> will get no more marketing email from this sender.</p>`,
  );
}
