import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'sealed.v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals secrets kept in the database (client webhook endpoints' signing secrets) with AES-256-GCM
 * under a key derived from a setting, bound to the row they belong to: a copy of the database
 * alone signs nothing, and a sealed value moved to another row does not open.
 */
export interface SecretBox {
  /** `sealed.v1.<iv>.<ciphertext>.<tag>` (base64url), for the row named by `context`. */
  seal(plain: string, context: string): string;
  /** The secret a sealed value holds; a value stored before sealing existed is returned as is. */
  open(stored: string, context: string): string;
  isSealed(stored: string): boolean;
}

export function createSecretBox(keySetting: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', keySetting, 'switchboard', 'stored secrets v1', 32));
  const b64 = (b: Buffer) => b.toString('base64url');
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${b64(iv)}.${b64(sealed)}.${b64(cipher.getAuthTag())}`;
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [iv, sealed, tag] = stored.slice(PREFIX.length).split('.');
      if (iv === undefined || sealed === undefined || tag === undefined) {
        throw new Error('a sealed secret is malformed');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(sealed, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error('a sealed secret does not open with WEBHOOK_SECRETS_KEY (another key?)');
      }
    },
    isSealed: (stored) => stored.startsWith(PREFIX),
  };
}
