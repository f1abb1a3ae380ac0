import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { twilioAuthenticator } from './twilio-auth';
import { TwilioApiError, TwilioErrorCodes, twilioErrorHandler } from './twilio-errors';
import { TWILIO_API_VERSION } from './twilio-message';

/** A media file of a simulated inbound message: given inline to `POST /sandbox/inbound`. */
export interface InlineMedia {
  content_type: string;
  /** The bytes, base64. */
  base64: string;
  /** The file name (email attachments); made up when absent. */
  filename?: string | undefined;
}

interface StoredMedia {
  accountSid: string;
  messageSid: string;
  contentType: string;
  bytes: Buffer;
}

/** Inbound media kept for our webhook-ingest/conversation-service to fetch; the oldest dropped beyond. */
const MAX_KEPT = 1_000;

/** A Twilio media sid: `ME` and 32 hex digits. */
const newMediaSid = () => `ME${randomBytes(16).toString('hex')}`;

/**
 * The media of inbound MMS, served as Twilio serves them: at
 * `/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`, to the account
 * only (basic auth AccountSid:AuthToken; 401 without), as protected media are.
 *
 * @example const media = createInboundMedia({ accountSid, authToken, origin: () => url }); app.use(media.routes);
 */
export function createInboundMedia(deps: {
  accountSid: string;
  authToken: string;
  /** The sandbox's public origin, which the media URLs name. */
  origin: () => string;
}) {
  const kept = new Map<string, StoredMedia>();
  const routes = Router();
  routes.get(
    `/${TWILIO_API_VERSION}/Accounts/:AccountSid/Messages/:MessageSid/Media/:MediaSid`,
    twilioAuthenticator(deps.accountSid, deps.authToken),
    (req, res) => {
      const params = req.params as { AccountSid: string; MessageSid: string; MediaSid: string };
      const media = kept.get(params.MediaSid);
      if (
        !media ||
        media.accountSid !== params.AccountSid ||
        media.messageSid !== params.MessageSid
      ) {
        throw new TwilioApiError(
          404,
          TwilioErrorCodes.notFound,
          'The requested resource was not found',
        );
      }
      res.type(media.contentType).send(media.bytes);
    },
  );

  routes.use(twilioErrorHandler);

  return {
    routes,
    /** Keeps a message's media and answers their URLs, with the types Twilio reports. */
    keep(
      messageSid: string,
      files: readonly InlineMedia[],
    ): { url: string; contentType: string }[] {
      return files.map((file) => {
        const sid = newMediaSid();
        kept.set(sid, {
          accountSid: deps.accountSid,
          messageSid,
          contentType: file.content_type,
          bytes: Buffer.from(file.base64, 'base64'),
        });
        if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
        let origin = deps.origin();
        while (origin.endsWith('/')) origin = origin.slice(0, -1);
        return {
          url: `${origin}/${TWILIO_API_VERSION}/Accounts/${deps.accountSid}/Messages/${messageSid}/Media/${sid}`,
          contentType: file.content_type,
        };
      });
    },
  };
}
export type InboundMedia = ReturnType<typeof createInboundMedia>;
