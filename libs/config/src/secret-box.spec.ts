import { createSecretBox } from './secret-box';

describe('the box sealing stored secrets', () => {
  const box = createSecretBox('a-key-of-at-least-thirty-two-bytes-long');
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('seals a secret so that the stored value does not show it, and opens it again', () => {
    const sealed = box.seal(secret, 'endpoint-1');
    expect(sealed).toMatch(/^sealed\.v1\./);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.isSealed(sealed)).toBe(true);
    expect(box.open(sealed, 'endpoint-1')).toBe(secret);
    // A fresh nonce each time: the same secret never seals the same way twice.
    expect(box.seal(secret, 'endpoint-1')).not.toBe(sealed);
  });

  it('opens a value only for the row it was sealed for, and only with its key', () => {
    const sealed = box.seal(secret, 'endpoint-1');
    expect(() => box.open(sealed, 'endpoint-2')).toThrow(/does not open/);
    const other = createSecretBox('another-key-of-at-least-thirty-two-bytes');
    expect(() => other.open(sealed, 'endpoint-1')).toThrow(/does not open/);
  });

  it('refuses a value changed after sealing', () => {
    const sealed = box.seal(secret, 'endpoint-1');
    const [iv, body, tag] = sealed.slice('sealed.v1.'.length).split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      box.open(`sealed.v1.${iv}.${flipped.toString('base64url')}.${tag}`, 'endpoint-1'),
    ).toThrow(/does not open/);
    expect(() => box.open('sealed.v1.only-one-part', 'endpoint-1')).toThrow(/malformed/);
  });

  it('hands back a value stored before sealing existed as it is', () => {
    expect(box.isSealed(secret)).toBe(false);
    expect(box.open(secret, 'endpoint-1')).toBe(secret);
  });
});
