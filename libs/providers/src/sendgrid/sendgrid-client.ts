import { MailService } from '@sendgrid/mail';

export interface SendGridConfig {
  apiKey: string;
  /** Send to this origin instead of api.sendgrid.com (provider-sandbox, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
}

/**
 * The official `@sendgrid/mail` client; with `baseUrl` it calls that origin (provider-sandbox,
 * a proxy) instead of api.sendgrid.com.
 *
 * @example const mail = createSendGridClient({ apiKey, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createSendGridClient(config: SendGridConfig): MailService {
  const mail = new MailService();
  mail.setApiKey(config.apiKey);
  // Must follow setApiKey, which resets the client's default request.
  if (config.baseUrl) {
    // The SDK's typings omit the `client` it exposes at run time.
    const { client } = mail as unknown as {
      client: { setDefaultRequest(key: string, value: unknown): void };
    };
    client.setDefaultRequest('baseUrl', config.baseUrl.replace(/\/$/, ''));
  }
  mail.setTimeout(config.timeoutMs ?? 10_000);
  return mail;
}
