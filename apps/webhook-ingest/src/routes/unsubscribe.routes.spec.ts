import { isOneClickBody } from './unsubscribe.routes';

describe('isOneClickBody', () => {
  it('reads RFC 8058 one-click as a urlencoded form', () => {
    expect(isOneClickBody('application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click')).toBe(
      true,
    );
    expect(isOneClickBody(undefined, 'List-Unsubscribe=One-Click')).toBe(true);
    expect(isOneClickBody('application/x-www-form-urlencoded', 'List-Unsubscribe=Later')).toBe(
      false,
    );
    expect(isOneClickBody('application/x-www-form-urlencoded', '')).toBe(false);
  });

  it('reads it as a multipart form too', () => {
    const body = [
      '--b',
      'Content-Disposition: form-data; name="List-Unsubscribe"',
      '',
      'One-Click',
      '--b--',
      '',
    ].join('\r\n');
    expect(isOneClickBody('multipart/form-data; boundary=b', body)).toBe(true);
    expect(isOneClickBody('multipart/form-data; boundary=b', body.replace('One-Click', 'No'))).toBe(
      false,
    );
  });
});
