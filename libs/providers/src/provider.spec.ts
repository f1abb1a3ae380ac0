import { listUnsubscribeHeaders } from './provider';

describe('listUnsubscribeHeaders', () => {
  it('offers the https link first, then the mailbox, and says a POST unsubscribes (RFC 8058)', () => {
    expect(
      listUnsubscribeHeaders({
        url: 'https://api.example.com/api/v1/webhooks/unsubscribe/v1.abc.def',
        mailto: 'mailto:unsubscribe@example.com?subject=unsubscribe%20v1.abc.def',
      }),
    ).toEqual({
      'List-Unsubscribe':
        '<https://api.example.com/api/v1/webhooks/unsubscribe/v1.abc.def>, <mailto:unsubscribe@example.com?subject=unsubscribe%20v1.abc.def>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('is no header at all without links (transactional mail)', () => {
    expect(listUnsubscribeHeaders(undefined)).toEqual({});
  });
});
