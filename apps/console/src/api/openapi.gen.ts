/*
 * The gateway's OpenAPI document as TypeScript types, for the console's API client.
 * Generated: do not edit. `npx nx run console:openapi` writes it again; a gateway spec fails
 * while it differs from the routes the gateway serves.
 */
export interface paths {
    "/api/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations by last activity
         * @description Newest activity first, cursor-paginated. `participant` finds the conversations of one phone number or email address, however it is written.
         */
        get: operations["compatListConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a conversation
         * @description Its participants, channel, message count and latest message.
         */
        get: operations["compatGetConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a conversation's messages, oldest first
         * @description Both directions, in the order they were stored; cursor-paginated.
         */
        get: operations["compatListConversationMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search conversations by message text
         * @description Full-text search over message bodies and subjects. Answers the matching conversations, most recently matched first, each with its matching messages; an empty `data` when nothing matches.
         */
        post: operations["compatSearchConversations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an email (compatible API)
         * @description The widely used take-home messaging API: the fields of `POST /api/v1/messages/send`, where `type` can only be `email` and may be left out. The body may be HTML.
         *
         *     **Retrying safely.** Send an `Idempotency-Key` (a UUID per message) and retry with the same key and body after a timeout or a dropped connection: the message is stored and sent once, and a retry gets the first answer again (status and body) with `Idempotency-Replayed: true`, for 24 hours. A retry while the first request is still running gets `409` (retry after `Retry-After`); the same key with another body, `422`. Server errors (5xx) are not kept: retry them with the same key.
         */
        post: operations["compatSendEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an SMS or MMS (compatible API)
         * @description The widely used take-home messaging API: the same fields as `POST /api/v1/messages/send`. `type` is `sms` or `mms` (inferred from `attachments` when omitted); a request with `type: email` is redirected to `/api/messages/email`, one with `type: voice` or `voicemail` to `/api/messages/voice` (with its `Idempotency-Key`, which covers these routes).
         *
         *     **Retrying safely.** Send an `Idempotency-Key` (a UUID per message) and retry with the same key and body after a timeout or a dropped connection: the message is stored and sent once, and a retry gets the first answer again (status and body) with `Idempotency-Replayed: true`, for 24 hours. A retry while the first request is still running gets `409` (retry after `Retry-After`); the same key with another body, `422`. Server errors (5xx) are not kept: retry them with the same key.
         */
        post: operations["compatSendSms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/voice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Place a call or leave a voicemail (compatible API)
         * @description Mirrors `POST /api/messages/sms`: the fields of `POST /api/v1/messages/send`, where `type` is `voice` (the default: a call that speaks `body` or plays the one audio attachment) or `voicemail` (left after the answering machine's beep).
         *
         *     **Retrying safely.** Send an `Idempotency-Key` (a UUID per message) and retry with the same key and body after a timeout or a dropped connection: the message is stored and sent once, and a retry gets the first answer again (status and body) with `Idempotency-Replayed: true`, for 24 hours. A retry while the first request is still running gets `409` (retry after `Retry-After`); the same key with another body, `422`. Server errors (5xx) are not kept: retry them with the same key.
         */
        post: operations["compatSendVoice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations by last activity
         * @description Newest activity first, cursor-paginated. `participant` finds the conversations of one phone number or email address, however it is written.
         */
        get: operations["listConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a conversation
         * @description Its participants, channel, message count and latest message.
         */
        get: operations["getConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a conversation's messages, oldest first
         * @description Both directions, in the order they were stored; cursor-paginated.
         */
        get: operations["listConversationMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search conversations by message text
         * @description Full-text search over message bodies and subjects. Answers the matching conversations, most recently matched first, each with its matching messages; an empty `data` when nothing matches.
         */
        post: operations["searchConversations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Interactive API reference
         * @description Swagger UI over this document, served by the gateway itself.
         */
        get: operations["docs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Receive your events live (Server-Sent Events)
         * @description The same events webhook endpoints receive (`message.received`, `message.status`, …; see `webhooks`), for the authenticated tenant only, as a `text/event-stream`: each event is sent as `id: <position>`, `event: <type>`, `data: <the event as JSON>`, and a comment line (`: heartbeat …`) is sent every 15 s while nothing else is.
         *
         *     Reconnect with `Last-Event-ID: <the last id you saw>` (EventSource does this by itself) and every later event still kept (7 days) is sent first, then live ones — none missed, none repeated. Without it, the stream starts with the events stored from now on.
         *
         *     A tenant may hold a few streams open at once (5 unless configured); one more is answered `429`. The stream ends when the gateway restarts: reconnect with `Last-Event-ID`.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file
         * @description The raw body with its `Content-Type` (name it with `?filename=`), or `multipart/form-data` with one file part. The file is streamed to storage and to the malware scanner while it is hashed; its type is sniffed from its bytes (the declared type is not trusted) and must be one a channel accepts. Answers the record with the scan verdict: `clean`, `infected` (kept in quarantine, never served or sent) or `pending` (the scanner was unavailable: the file is held until it is scanned). The same bytes uploaded again answer the first record. Use the `id` in a send's `attachments`.
         */
        post: operations["uploadMedia"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/media/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a file's record
         * @description Its sniffed type, size, hash and scan verdict (with the signature found, when infected).
         */
        get: operations["getMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/media/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a file
         * @description The bytes, with the sniffed `Content-Type`, once the file is scanned clean; `409` while it is pending or when it is quarantined. With `expires` and `signature` (a signed URL, as handed to providers) no credentials are needed until it expires.
         */
        get: operations["getMediaContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List messages, newest first
         * @description Cursor-paginated: pass `next_cursor` back as `cursor` until it is null. Pages never repeat or skip a message, even while new ones arrive.
         */
        get: operations["listMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a message
         * @description The message with its current status and provider details.
         */
        get: operations["getMessage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A message's lifecycle
         * @description Every status event recorded for the message, oldest first: `queued`, `sending`, `sent`, then provider callbacks such as `delivered`. Late events that would move the status backwards are listed with `applied: false`.
         */
        get: operations["listMessageEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed message
         * @description Re-queues a `failed` outbound message for a new dispatch (a new generation: its lifecycle shows a fresh `queued`, and the error is cleared). It is sent when retried, not in its original place in the conversation. Anything but a failed outbound message answers `409`.
         */
        post: operations["retryMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send up to 1000 messages at once
         * @description Up to 1000 messages in one request, for notifications and campaigns. Each message is validated and normalised exactly like a single send and answered on its own, in the order sent: `results[i]` is `{index, status: 201, message}` when it was stored, or `{index, status, problem}` (an RFC 9457 problem, e.g. `400`) when it was not. The answer is `201` when every message was stored and `207` (Multi-Status) when any was not; one invalid message does not hold the others back.
         *
         *     The stored messages are committed together, with their dispatch commands, in the order sent: messages of one conversation are dispatched in that order. A batch counts as one request against the rate limit. To retry a whole batch after a timeout, send it with an `Idempotency-Key`; to retry what was refused, send only the messages whose result is not `201`, as a new batch.
         *
         *     **Retrying safely.** Send an `Idempotency-Key` (a UUID per batch) and retry with the same key and body after a timeout or a dropped connection: the message is stored and sent once, and a retry gets the first answer again (status and body) with `Idempotency-Replayed: true`, for 24 hours. A retry while the first request is still running gets `409` (retry after `Retry-After`); the same key with another body, `422`. Server errors (5xx) are not kept: retry them with the same key.
         */
        post: operations["sendMessageBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an SMS, MMS, email, call or voicemail
         * @description Stores the message in its conversation and queues it for dispatch. A `201` means the message is committed with its dispatch command: it is readable at once and will be sent, even if a service restarts.
         *
         *     - **Addresses** may be written in any common format; they are normalised (E.164 numbers, lower-cased email) before threading, so `+1 (555) 987-6543` and `+15559876543` are the same participant.
         *     - **Type** is inferred when omitted: email addresses mean `email`, attachments on phone numbers mean `mms`, otherwise `sms`.
         *     - **SMS/MMS** bodies are at most 1600 characters; the answer tells the `encoding` (GSM-7, or UCS-2 for characters such as emoji) and how many `segments` the text takes. An MMS takes at most 10 https attachments.
         *     - **Email** bodies are HTML; a plain-text alternative is derived for the provider. The subject must be on one line.
         *     - **Voice** (`type: voice`) places a call that speaks `body` (at most 3000 characters; `voice.language` and `voice.voice` choose the text-to-speech) or plays the audio file given as the one `attachments` entry. **Voicemail** (`type: voicemail`) places it with answering-machine detection and leaves the content after the greeting's beep; `voice.on_human` says what a person who answers gets (`play`, the default, or `hangup`). Calls need phone numbers (`422` otherwise) and are never inferred. A call is `sent` while it rings and runs, `delivered` once it completed with its content heard or left after the beep, `failed` with the reason (`busy`, `no-answer`, `canceled`, `failed`, `answered_by_human`).
         *
         *     Follow the message with `GET /api/v1/messages/{id}` or its lifecycle with `/events`.
         *
         *     **Retrying safely.** Send an `Idempotency-Key` (a UUID per message) and retry with the same key and body after a timeout or a dropped connection: the message is stored and sent once, and a retry gets the first answer again (status and body) with `Idempotency-Replayed: true`, for 24 hours. A retry while the first request is still running gets `409` (retry after `Retry-After`); the same key with another body, `422`. Server errors (5xx) are not kept: retry them with the same key.
         */
        post: operations["sendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/providers/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The providers' health, per channel
         * @description Each channel (`sms`, `email`, `voice`) with its providers in the order the next send tries them, and for each its circuit breaker state, the share of its calls in the last 10 s that failed with a retryable error and their mean duration — as the dispatcher replicas last reported them (every 5 s, and at once when a circuit changes). Platform-wide, the same for every client. With several replicas of a dispatcher, a circuit open on one of them is reported `open` (`circuits` counts each state) and the calls of all replicas add up. A replica silent for three of its intervals is left out; a channel no replica reported on has `replicas: 0` and no providers. Answers carry an `ETag`.
         */
        get: operations["getProviderHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/suppressions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the suppression list
         * @description Opt-outs and email suppressions, newest first, cursor-paginated; filter by `channel` and `reason`.
         */
        get: operations["listSuppressions"];
        put?: never;
        /**
         * Suppress a recipient
         * @description Puts a phone number or email address on the list by hand (reason `manual`, every sender of the account): no message is sent to it until it is removed. Already on the list: answers the entry there.
         */
        post: operations["addSuppression"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/suppressions/{address}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A recipient's entries
         * @description Whether and why the recipient is suppressed: one entry per sender it covers. `404` when the account may message them.
         */
        get: operations["getSuppression"];
        put?: never;
        post?: never;
        /**
         * Remove a recipient from the list
         * @description Removes every entry of the recipient (all senders, all reasons) — for instance after they gave consent again elsewhere. `reason` is required and kept with who removed it in the audit trail. Answers the entries removed; `404` when there were none.
         */
        delete: operations["removeSuppression"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Every endpoint of the account, newest first (secrets are not shown).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Events of the chosen types are POSTed to the URL, signed with the `secret` in this answer (the only answer that shows it). https in production; loopback, private, link-local and metadata addresses are refused.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook endpoint
         * @description The endpoint, without its secret.
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description No more events are delivered to it; its delivery log goes with it.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint
         * @description Changes the fields given. `"enabled": true` also re-enables an endpoint Switchboard disabled.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an endpoint's deliveries, newest first
         * @description Each event sent (or being sent) to the endpoint with every attempt: status code, duration and the start of the answer. Cursor-paginated; `status` filters.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again now
         * @description One more attempt, due at once, whatever became of the delivery (a failed one included). A delivery being attempted right now is answered as it is.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send the events of a window
         * @description Every event queued for the endpoint since `since` is delivered again (e.g. after an outage of your app). Receivers deduplicate by `webhook-id`.
         */
        post: operations["replayWebhookEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook endpoint's signing secret
         * @description Answers the new secret. The old one keeps signing for `grace_seconds` (24 hours unless given, at most 7 days): deliveries carry both signatures meanwhile, so receivers can switch without a gap.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/sendgrid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * SendGrid Event Webhook
         * @description Delivery events for email we sent (delivered, bounce, dropped, …), posted in batches.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["sendgridEventWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/sendgrid/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * SendGrid Inbound Parse
         * @description Email received for your domain, threaded into the conversation with the sender. Attachment files are streamed into storage and scanned as the post is read; the message's `attachments` are their media ids (infected ones quarantined and noted in `metadata.media`). `503` when storage does not answer: SendGrid retries.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["sendgridInboundParse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio status callback or incoming SMS/MMS
         * @description Point both the status callback URL and the messaging webhook of your Twilio numbers here. Status callbacks move outbound messages forward; incoming messages are threaded into the conversation with the sender. An MMS is answered at once; its media (`MediaUrl{N}`) are then fetched from Twilio with the account's credentials, stored and scanned, and the message appears with their media ids as `attachments` (infected ones quarantined and noted in `metadata.media`).
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["twilioWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio/voice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio: a call to one of your numbers
         * @description Point the "A call comes in" webhook of your Twilio numbers here. Answers TwiML (`text/xml`): the number's greeting and a transcribed `<Record>` (the caller leaves a voicemail), `<Dial>` when calls to the number are forwarded, or a polite `<Say>` and `<Hangup>` for a number no tenant claimed.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["twilioVoiceWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio/voice/inbound-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio: status callback of a call to one of your numbers
         * @description Point the numbers' "Call status changes" webhook here. A call that ended without a recording is a missed call: an inbound `voice` message with an empty body and `metadata.call.outcome` = `missed`.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["twilioInboundCallStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio/voice/recorded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio: the voicemail was recorded (`<Record>` action)
         * @description Asked by Twilio once the caller stopped speaking; answers TwiML that ends the call. Its recording starts the voicemail message like the recording callback.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["twilioVoiceRecorded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio/voice/recording": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio: recording status callback
         * @description The finished recording: an inbound `voicemail` message with the recording as its attachment, its transcript pending.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["twilioRecordingStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/twilio/voice/transcription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio: transcription callback
         * @description The voicemail's transcript, which becomes the message's `body` (the same message as the recording's, whichever arrives first).
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["twilioTranscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/unsubscribe/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One-click unsubscribe: the confirmation page
         * @description What a person following the link sees: the address and a button that posts the one-click form. Changes nothing (mail scanners prefetch links). No credentials: the signed token is the proof.
         */
        get: operations["unsubscribePage"];
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058)
         * @description What mailbox providers post when the recipient presses unsubscribe: puts the address on the tenant's suppression list at once (reason `unsubscribe`, by `recipient`, audited). Its marketing mail is refused from then on (`422` `recipient_suppressed`); transactional mail still goes. Posting again changes nothing. No credentials: the signed token is the proof.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["unsubscribeOneClick"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Incoming email (compatible API)
         * @description An incoming email in the compatible API’s format.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["compatEmailWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Incoming SMS/MMS (compatible API)
         * @description An incoming SMS or MMS in the compatible API’s format.
         *
         *     Served by webhook-ingest at the same base URL as the rest of the API.
         */
        post: operations["compatSmsWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers while the process runs; restart it when this fails.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Request rate, errors and latency by route, plus process metrics.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Checks each dependency; `503` while one is down or while the process drains on shutdown. Route traffic only while it answers `200`.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "conversation.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `conversation.created` sent to your endpoint
         * @description A first message between two participants opened a conversation
         */
        post: operations["clientEvent_conversation_created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "message.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `message.failed` sent to your endpoint
         * @description An outbound message failed or was undelivered (also sent as `message.status`)
         */
        post: operations["clientEvent_message_failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "message.received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `message.received` sent to your endpoint
         * @description An inbound message (SMS, MMS, email) was received and threaded
         */
        post: operations["clientEvent_message_received"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "message.status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `message.status` sent to your endpoint
         * @description An outbound message moved forward in its lifecycle
         */
        post: operations["clientEvent_message_status"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recipient.opted_in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `recipient.opted_in` sent to your endpoint
         * @description An SMS/MMS recipient who had opted out texted START (or a synonym): the covered numbers may message them again. Not sent when there was no opt-out to lift
         */
        post: operations["clientEvent_recipient_opted_in"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recipient.opted_out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `recipient.opted_out` sent to your endpoint
         * @description An SMS/MMS recipient texted STOP (or a synonym): messages to them from the covered numbers are refused until they text START. Not sent again for a repeated STOP
         */
        post: operations["clientEvent_recipient_opted_out"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "suppression.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `suppression.created` sent to your endpoint
         * @description A recipient was put on the suppression list (a hard bounce, a spam report, an unsubscribe, a manual entry, …; SMS opt-outs are `recipient.opted_out`). Not sent when the recipient was on it already
         */
        post: operations["clientEvent_suppression_created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "suppression.deleted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `suppression.deleted` sent to your endpoint
         * @description A recipient was taken off the suppression list (one event per entry removed; an SMS START is `recipient.opted_in`)
         */
        post: operations["clientEvent_suppression_deleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook_endpoint.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `webhook_endpoint.disabled` sent to your endpoint
         * @description An endpoint was disabled because every attempt to it failed for too long (re-enable it with PATCH `enabled: true`); sent to the other endpoints of the tenant and to the event stream
         */
        post: operations["clientEvent_webhook_endpoint_disabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description `phone` (SMS, MMS, calls and voicemail between two numbers) or `email` (between two addresses)
         * @enum {string}
         */
        ChannelKind: "phone" | "email";
        /** @description An email to send, in the compatible API: the fields of the v1 send request */
        CompatEmailRequest: {
            /** @description Media (MMS, at most 10) or files (email, at most 10): ids of uploaded media (`POST /api/v1/media`: scanned clean before the message goes out, handed to MMS providers as signed URLs and attached to email as files), or https URLs, fetched when the message is dispatched (through the same address checks as at acceptance, redirects included), stored and scanned like an upload and then handed on the same way; or the https URL of the one audio file a call plays instead of speaking the body (voice/voicemail). null means none */
            attachments?: (string)[] | null;
            /**
             * @description Text (SMS/MMS, at most 1600 characters), HTML (email, at most 262144 bytes; a plain-text alternative is derived from it), or the text a call speaks (voice/voicemail, at most 3000 characters; may be empty when an audio file is played)
             * @example Your order has shipped
             * @example <p>Welcome to <b>Acme</b></p>
             */
            body: string;
            /**
             * @description `marketing` (the default: email carries one-click unsubscribe headers, SMS/MMS wait out the tenant's quiet hours) or `transactional` (receipts, one-time codes, alerts the recipient asked for: neither). Opt-outs, bounces and complaints hold for both
             * @enum {string}
             */
            category?: "marketing" | "transactional";
            /**
             * @description Sender: an E.164 phone number (any common formatting) or an email address. It must be one your account has claimed (in production; `400` naming `from` otherwise), and never one another account has claimed
             * @example +15551234567
             * @example team@example.com
             */
            from: string;
            /**
             * @description A small JSON object stored and echoed back
             * @example {
             *       "order_id": "A-1001"
             *     }
             */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * @description Email subject, on one line; only for email
             * @example Welcome
             */
            subject?: string;
            /**
             * Format: date-time
             * @description Client-side timestamp (ISO 8601 with an offset), stored and returned as given
             * @example 2024-11-01T14:00:00Z
             */
            timestamp?: string;
            /**
             * @description Recipient, of the same kind as `from`
             * @example +1 (555) 987-6543
             * @example jane@example.com
             */
            to: string;
            /**
             * @description Optional: `email` is the only type taken here
             * @constant
             */
            type?: "email";
            /** @description Voice and voicemail options; only for `voice` and `voicemail` messages */
            voice?: {
                /**
                 * @description The text-to-speech language (BCP 47)
                 * @example en-US
                 */
                language?: string;
                /**
                 * @description For a voicemail drop: what a person who answers instead of a machine gets: the content (`play`, the default) or a hang-up (`hangup`; the message then fails with `answered_by_human`)
                 * @default play
                 * @enum {string}
                 */
                on_human: "play" | "hangup";
                /**
                 * @description The provider's text-to-speech voice
                 * @example alice
                 */
                voice?: string;
            };
        };
        /** @description A conversation: every message between the same two participants on one channel */
        Conversation: {
            channel: components["schemas"]["ChannelKind"];
            /**
             * Format: date-time
             * @description When the first message created it (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            created_at: string;
            /**
             * Format: uuid
             * @description The conversation id
             * @example 0192f0c4-7d00-7a11-8b22-3c4d5e6f7a8b
             */
            id: string;
            /**
             * Format: date-time
             * @description When the latest message was stored (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            last_message_at: string | null;
            /**
             * @description The start of the latest message (HTML tags removed for email)
             * @example Your order has shipped
             */
            last_message_preview: string | null;
            /** @description Messages in the conversation, both directions */
            message_count: number;
            /**
             * @description The two normalised participants (E.164 numbers or email addresses), sorted
             * @example [
             *       "+15551234567",
             *       "+15559876543"
             *     ]
             */
            participants: [
                string,
                string
            ];
        };
        /** @description A conversation: every message between the same two participants on one channel */
        ConversationOutput: {
            channel: components["schemas"]["ChannelKind"];
            /**
             * Format: date-time
             * @description When the first message created it (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            created_at: string;
            /**
             * Format: uuid
             * @description The conversation id
             * @example 0192f0c4-7d00-7a11-8b22-3c4d5e6f7a8b
             */
            id: string;
            /**
             * Format: date-time
             * @description When the latest message was stored (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            last_message_at: string | null;
            /**
             * @description The start of the latest message (HTML tags removed for email)
             * @example Your order has shipped
             */
            last_message_preview: string | null;
            /** @description Messages in the conversation, both directions */
            message_count: number;
            /**
             * @description The two normalised participants (E.164 numbers or email addresses), sorted
             * @example [
             *       "+15551234567",
             *       "+15559876543"
             *     ]
             */
            participants: [
                string,
                string
            ];
        };
        /**
         * @description `outbound` (sent through this API) or `inbound` (received from a provider)
         * @enum {string}
         */
        Direction: "outbound" | "inbound";
        /**
         * @description SMS character set: `GSM-7` (160 characters in one segment, 153 per segment when split) or `UCS-2` when the text needs characters outside GSM-7, such as emoji (70, or 67 per segment)
         * @enum {string}
         */
        Encoding: "GSM-7" | "UCS-2";
        /** @description A message as the API returns it */
        Message: {
            /**
             * @description Who answered a call, as the provider's answering-machine detection reported it (`human`, `machine_end_beep`, …); null until known and for other types
             * @example human
             */
            answered_by: string | null;
            /** @description Outbound: the media ids or URLs sent. Inbound MMS and email: media ids (`GET /api/v1/media/{id}`) of the files received, each stored and scanned before the message appears. Empty when there are none */
            attachments: string[];
            /**
             * @description The text (SMS/MMS) or HTML (email), as sent
             * @example Your order has shipped
             */
            body: string;
            /** @description Outbound: `marketing` or `transactional`, as sent (the default `marketing` when the send named none); null for inbound messages */
            category: ("marketing" | "transactional") | null;
            /**
             * Format: uuid
             * @description The conversation the message was threaded into
             * @example 0192f0c4-7d00-7a11-8b22-3c4d5e6f7a8b
             */
            conversation_id: string;
            /**
             * Format: date-time
             * @description When the message was accepted (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            created_at: string;
            direction: components["schemas"]["Direction"];
            /** @description How long a call lasted, once it completed; null otherwise */
            duration_seconds: number | null;
            /** @description SMS/MMS character set; null for email */
            encoding: components["schemas"]["Encoding"] | null;
            /** @description The provider's error code when the message failed or was undelivered */
            error_code: string | null;
            /** @description A readable explanation of `error_code` */
            error_message: string | null;
            /**
             * @description Sender, normalised: an E.164 phone number or a lower-cased email address
             * @example +15551234567
             */
            from: string;
            /**
             * Format: uuid
             * @description The message id (UUIDv7: ids sort by creation time)
             * @example 0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e
             */
            id: string;
            /** @description Outbound: the `metadata` object sent with the message, or null. Inbound: what we noted about it, or null — `media.quarantined` lists attachments scanned infected (`{attachment, media_id, scan, signature}`: kept, never served), `media.refused` files not kept (`{name, reason}`); `call` a call's outcome */
            metadata: {
                [key: string]: unknown;
            } | null;
            /**
             * @description The provider that took the message (`twilio`, `sendgrid`); null until sent
             * @example twilio
             */
            provider: string | null;
            /**
             * @description The provider's id for the message (Twilio `SM…` or call `CA…` sid, SendGrid message id)
             * @example SM0123456789abcdef0123456789abcdef
             */
            provider_message_id: string | null;
            /** @description SMS/MMS segments the body takes (what carriers bill); null for email */
            segments: number | null;
            status: components["schemas"]["MessageStatus"];
            /** @description Email subject; null for SMS and MMS */
            subject: string | null;
            /** @description The client-side `timestamp` sent with the message, exactly as given; or null */
            timestamp: string | null;
            /**
             * @description Recipient, normalised like `from`
             * @example +15559876543
             */
            to: string;
            type: components["schemas"]["MessageType"];
            /**
             * Format: date-time
             * @description When the message last changed, e.g. its status (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            updated_at: string;
            /** @description The voice options of a call; null for other types */
            voice: {
                /**
                 * @description The text-to-speech language (BCP 47)
                 * @example en-US
                 */
                language?: string;
                /**
                 * @description For a voicemail drop: what a person who answers instead of a machine gets: the content (`play`, the default) or a hang-up (`hangup`; the message then fails with `answered_by_human`)
                 * @default play
                 * @enum {string}
                 */
                on_human: "play" | "hangup";
                /**
                 * @description The provider's text-to-speech voice
                 * @example alice
                 */
                voice?: string;
            } | null;
        };
        /** @description One step of a message's lifecycle */
        MessageEvent: {
            /** @description Who answered a call, when the event says */
            answered_by: string | null;
            /** @description Whether the event changed the message status; false when it arrived late and would have moved the status backwards */
            applied: boolean;
            /** @description The call's duration, when the event says */
            duration_seconds: number | null;
            /** @description The provider's error code, for failures */
            error_code: string | null;
            /** @description A readable explanation of `error_code` */
            error_message: string | null;
            /**
             * @description The event id; each event is recorded once
             * @example 0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e:sent
             */
            id: string;
            /**
             * Format: uuid
             * @description The message
             * @example 0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e
             */
            message_id: string;
            /**
             * Format: date-time
             * @description When it happened, as its source reports (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            occurred_at: string;
            /** @description The provider that reported the event, if any */
            provider: string | null;
            /** @description The provider's id for the message */
            provider_message_id: string | null;
            /** @description The provider's own status word (a call's `ringing`, `in-progress`, …), if any */
            provider_status: string | null;
            /**
             * Format: date-time
             * @description When Switchboard recorded it (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            recorded_at: string;
            status: components["schemas"]["MessageStatus"];
        };
        /** @description A message as the API returns it */
        MessageOutput: {
            /**
             * @description Who answered a call, as the provider's answering-machine detection reported it (`human`, `machine_end_beep`, …); null until known and for other types
             * @example human
             */
            answered_by: string | null;
            /** @description Outbound: the media ids or URLs sent. Inbound MMS and email: media ids (`GET /api/v1/media/{id}`) of the files received, each stored and scanned before the message appears. Empty when there are none */
            attachments: string[];
            /**
             * @description The text (SMS/MMS) or HTML (email), as sent
             * @example Your order has shipped
             */
            body: string;
            /** @description Outbound: `marketing` or `transactional`, as sent (the default `marketing` when the send named none); null for inbound messages */
            category: ("marketing" | "transactional") | null;
            /**
             * Format: uuid
             * @description The conversation the message was threaded into
             * @example 0192f0c4-7d00-7a11-8b22-3c4d5e6f7a8b
             */
            conversation_id: string;
            /**
             * Format: date-time
             * @description When the message was accepted (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            created_at: string;
            direction: components["schemas"]["Direction"];
            /** @description How long a call lasted, once it completed; null otherwise */
            duration_seconds: number | null;
            /** @description SMS/MMS character set; null for email */
            encoding: components["schemas"]["Encoding"] | null;
            /** @description The provider's error code when the message failed or was undelivered */
            error_code: string | null;
            /** @description A readable explanation of `error_code` */
            error_message: string | null;
            /**
             * @description Sender, normalised: an E.164 phone number or a lower-cased email address
             * @example +15551234567
             */
            from: string;
            /**
             * Format: uuid
             * @description The message id (UUIDv7: ids sort by creation time)
             * @example 0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e
             */
            id: string;
            /** @description Outbound: the `metadata` object sent with the message, or null. Inbound: what we noted about it, or null — `media.quarantined` lists attachments scanned infected (`{attachment, media_id, scan, signature}`: kept, never served), `media.refused` files not kept (`{name, reason}`); `call` a call's outcome */
            metadata: {
                [key: string]: unknown;
            } | null;
            /**
             * @description The provider that took the message (`twilio`, `sendgrid`); null until sent
             * @example twilio
             */
            provider: string | null;
            /**
             * @description The provider's id for the message (Twilio `SM…` or call `CA…` sid, SendGrid message id)
             * @example SM0123456789abcdef0123456789abcdef
             */
            provider_message_id: string | null;
            /** @description SMS/MMS segments the body takes (what carriers bill); null for email */
            segments: number | null;
            status: components["schemas"]["MessageStatus"];
            /** @description Email subject; null for SMS and MMS */
            subject: string | null;
            /** @description The client-side `timestamp` sent with the message, exactly as given; or null */
            timestamp: string | null;
            /**
             * @description Recipient, normalised like `from`
             * @example +15559876543
             */
            to: string;
            type: components["schemas"]["MessageType"];
            /**
             * Format: date-time
             * @description When the message last changed, e.g. its status (ISO 8601, UTC)
             * @example 2024-11-01T14:00:00.123Z
             */
            updated_at: string;
            /** @description The voice options of a call; null for other types */
            voice: {
                /**
                 * @description The text-to-speech language (BCP 47)
                 * @example en-US
                 */
                language?: string;
                /**
                 * @description For a voicemail drop: what a person who answers instead of a machine gets: the content (`play`, the default) or a hang-up (`hangup`; the message then fails with `answered_by_human`)
                 * @default play
                 * @enum {string}
                 */
                on_human: "play" | "hangup";
                /**
                 * @description The provider's text-to-speech voice
                 * @example alice
                 */
                voice?: string;
            } | null;
        };
        /**
         * @description Where the message is in its lifecycle. Outbound: `queued` → `sending` → `sent` → `delivered` | `undelivered` | `failed`, and `read` after delivery; inbound messages are `received`. A status never moves backwards.
         * @enum {string}
         */
        MessageStatus: "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "read" | "received";
        /**
         * @description The channel: `sms`, `mms` (an SMS with media), `email`, `voice` (a call that speaks the body or plays an audio file) or `voicemail` (sent: a call that leaves its content after the answering machine's beep; received: a recorded message a caller left)
         * @enum {string}
         */
        MessageType: "sms" | "mms" | "email" | "voice" | "voicemail";
        /** @description RFC 9457 problem details, served as `application/problem+json` */
        Problem: {
            /** @description What went wrong with this request */
            detail?: string;
            /** @description Each offending field, when the request failed validation */
            errors?: {
                /**
                 * @description The offending field, as a dotted path (`attachments.0`)
                 * @example body
                 */
                field: string;
                /**
                 * @description What is wrong with it
                 * @example must be at most 1600 characters
                 */
                message: string;
            }[];
            /** @description The path of the request */
            instance?: string;
            /**
             * @description The HTTP status code
             * @example 400
             */
            status: number;
            /**
             * @description A short summary of the kind of problem
             * @example Validation failed
             */
            title: string;
            /**
             * @description A URI naming the kind of problem
             * @example urn:switchboard:problem:validation_failed
             */
            type: string;
        };
        /** @description A full-text search over the messages of every conversation */
        SearchConversationsRequest: {
            /**
             * @description Conversations to return (1–100)
             * @default 20
             */
            limit: number;
            /**
             * @description Words to find in message bodies and subjects; web-search syntax: "a phrase", `or`, `-excluded`
             * @example shipped
             */
            query: string;
        };
        /** @description A message to send. Unknown fields are refused. */
        SendMessageRequest: {
            /** @description Media (MMS, at most 10) or files (email, at most 10): ids of uploaded media (`POST /api/v1/media`: scanned clean before the message goes out, handed to MMS providers as signed URLs and attached to email as files), or https URLs, fetched when the message is dispatched (through the same address checks as at acceptance, redirects included), stored and scanned like an upload and then handed on the same way; or the https URL of the one audio file a call plays instead of speaking the body (voice/voicemail). null means none */
            attachments?: (string)[] | null;
            /**
             * @description Text (SMS/MMS, at most 1600 characters), HTML (email, at most 262144 bytes; a plain-text alternative is derived from it), or the text a call speaks (voice/voicemail, at most 3000 characters; may be empty when an audio file is played)
             * @example Your order has shipped
             * @example <p>Welcome to <b>Acme</b></p>
             */
            body: string;
            /**
             * @description `marketing` (the default: email carries one-click unsubscribe headers, SMS/MMS wait out the tenant's quiet hours) or `transactional` (receipts, one-time codes, alerts the recipient asked for: neither). Opt-outs, bounces and complaints hold for both
             * @enum {string}
             */
            category?: "marketing" | "transactional";
            /**
             * @description Sender: an E.164 phone number (any common formatting) or an email address. It must be one your account has claimed (in production; `400` naming `from` otherwise), and never one another account has claimed
             * @example +15551234567
             * @example team@example.com
             */
            from: string;
            /**
             * @description A small JSON object stored and echoed back
             * @example {
             *       "order_id": "A-1001"
             *     }
             */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * @description Email subject, on one line; only for email
             * @example Welcome
             */
            subject?: string;
            /**
             * Format: date-time
             * @description Client-side timestamp (ISO 8601 with an offset), stored and returned as given
             * @example 2024-11-01T14:00:00Z
             */
            timestamp?: string;
            /**
             * @description Recipient, of the same kind as `from`
             * @example +1 (555) 987-6543
             * @example jane@example.com
             */
            to: string;
            /** @description sms | mms | email | voice | voicemail. Inferred when omitted: email addresses mean email, attachments on a phone number mean mms, otherwise sms; calls are never inferred */
            type?: components["schemas"]["MessageType"];
            /** @description Voice and voicemail options; only for `voice` and `voicemail` messages */
            voice?: {
                /**
                 * @description The text-to-speech language (BCP 47)
                 * @example en-US
                 */
                language?: string;
                /**
                 * @description For a voicemail drop: what a person who answers instead of a machine gets: the content (`play`, the default) or a hang-up (`hangup`; the message then fails with `answered_by_human`)
                 * @default play
                 * @enum {string}
                 */
                on_human: "play" | "hangup";
                /**
                 * @description The provider's text-to-speech voice
                 * @example alice
                 */
                voice?: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    compatListConversations: {
        parameters: {
            query?: {
                /** @description Only conversations of this kind: `phone` (SMS, MMS, calls and voicemail) or `email` */
                channel?: components["schemas"]["ChannelKind"];
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Items per page (1–100) */
                limit?: number;
                /** @description Only conversations with this participant: a phone number in any common formatting, or an email address */
                participant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of conversations */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: components["schemas"]["ConversationOutput"][];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compatGetConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The conversation */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOutput"];
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compatListConversationMessages: {
        parameters: {
            query?: {
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Items per page (1–100) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of messages */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: components["schemas"]["MessageOutput"][];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compatSearchConversations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchConversationsRequest"];
            };
        };
        responses: {
            /** @description Matching conversations */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Matching conversations, the most recently matched first; empty when none match */
                        data: {
                            conversation: components["schemas"]["ConversationOutput"];
                            /** @description Its matching messages, newest first: up to five, fewer (or none) once the answer holds 512 KiB of messages — every conversation’s newest match comes before any conversation’s second */
                            messages: components["schemas"]["MessageOutput"][];
                        }[];
                    };
                };
            };
            /** @description The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compatSendEmail: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retrying safe: a unique value per message (a UUID is ideal), at most 255 printable ASCII characters. A retry with the same key and body gets the first answer back instead of sending again, for 24 hours. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompatEmailRequest"];
            };
        };
        responses: {
            /** @description Stored and queued for dispatch */
            201: {
                headers: {
                    /** @description Present when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotency-Replayed"?: "true";
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOutput"];
                };
            };
            /** @description The request is not valid; `errors` names each wrong field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with this `Idempotency-Key` is still being processed; retry after `Retry-After` seconds to get its answer */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The recipient said no (docs/COMPLIANCE.md): they opted out of SMS from this sender (`recipient_opted_out`), or the address is on the suppression list (`recipient_suppressed`); nothing was stored. Or a call (`voice`, `voicemail`) to or from an email address, naming the field; or this `Idempotency-Key` was already used for a different request (another route or body): use a new key */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a send that timed out answers the message if it was stored; without one, read it back before resending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compatSendSms: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retrying safe: a unique value per message (a UUID is ideal), at most 255 printable ASCII characters. A retry with the same key and body gets the first answer back instead of sending again, for 24 hours. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            /** @description Stored and queued for dispatch */
            201: {
                headers: {
                    /** @description Present when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotency-Replayed"?: "true";
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOutput"];
                };
            };
            /** @description An email or a call: repeat the request at `/api/messages/email` or `/api/messages/voice` */
            307: {
                headers: {
                    /** @description Where to send it */
                    location: "/api/messages/email" | "/api/messages/voice";
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid; `errors` names each wrong field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with this `Idempotency-Key` is still being processed; retry after `Retry-After` seconds to get its answer */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The recipient said no (docs/COMPLIANCE.md): they opted out of SMS from this sender (`recipient_opted_out`), or the address is on the suppression list (`recipient_suppressed`); nothing was stored. Or a call (`voice`, `voicemail`) to or from an email address, naming the field; or this `Idempotency-Key` was already used for a different request (another route or body): use a new key */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a send that timed out answers the message if it was stored; without one, read it back before resending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compatSendVoice: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retrying safe: a unique value per message (a UUID is ideal), at most 255 printable ASCII characters. A retry with the same key and body gets the first answer back instead of sending again, for 24 hours. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Media (MMS, at most 10) or files (email, at most 10): ids of uploaded media (`POST /api/v1/media`: scanned clean before the message goes out, handed to MMS providers as signed URLs and attached to email as files), or https URLs, fetched when the message is dispatched (through the same address checks as at acceptance, redirects included), stored and scanned like an upload and then handed on the same way; or the https URL of the one audio file a call plays instead of speaking the body (voice/voicemail). null means none */
                    attachments?: (string)[] | null;
                    /**
                     * @description Text (SMS/MMS, at most 1600 characters), HTML (email, at most 262144 bytes; a plain-text alternative is derived from it), or the text a call speaks (voice/voicemail, at most 3000 characters; may be empty when an audio file is played)
                     * @example Your order has shipped
                     * @example <p>Welcome to <b>Acme</b></p>
                     */
                    body: string;
                    /**
                     * @description `marketing` (the default: email carries one-click unsubscribe headers, SMS/MMS wait out the tenant's quiet hours) or `transactional` (receipts, one-time codes, alerts the recipient asked for: neither). Opt-outs, bounces and complaints hold for both
                     * @enum {string}
                     */
                    category?: "marketing" | "transactional";
                    /**
                     * @description Sender: an E.164 phone number (any common formatting) or an email address. It must be one your account has claimed (in production; `400` naming `from` otherwise), and never one another account has claimed
                     * @example +15551234567
                     * @example team@example.com
                     */
                    from: string;
                    /**
                     * @description A small JSON object stored and echoed back
                     * @example {
                     *       "order_id": "A-1001"
                     *     }
                     */
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /**
                     * @description Email subject, on one line; only for email
                     * @example Welcome
                     */
                    subject?: string;
                    /**
                     * Format: date-time
                     * @description Client-side timestamp (ISO 8601 with an offset), stored and returned as given
                     * @example 2024-11-01T14:00:00Z
                     */
                    timestamp?: string;
                    /**
                     * @description Recipient, of the same kind as `from`
                     * @example +1 (555) 987-6543
                     * @example jane@example.com
                     */
                    to: string;
                    /**
                     * @description `voice` (the default) or `voicemail`
                     * @default voice
                     * @enum {string}
                     */
                    type?: "voice" | "voicemail";
                    /** @description Voice and voicemail options; only for `voice` and `voicemail` messages */
                    voice?: {
                        /**
                         * @description The text-to-speech language (BCP 47)
                         * @example en-US
                         */
                        language?: string;
                        /**
                         * @description For a voicemail drop: what a person who answers instead of a machine gets: the content (`play`, the default) or a hang-up (`hangup`; the message then fails with `answered_by_human`)
                         * @default play
                         * @enum {string}
                         */
                        on_human?: "play" | "hangup";
                        /**
                         * @description The provider's text-to-speech voice
                         * @example alice
                         */
                        voice?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Stored and queued for dispatch */
            201: {
                headers: {
                    /** @description Present when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotency-Replayed"?: "true";
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOutput"];
                };
            };
            /** @description The request is not valid; `errors` names each wrong field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with this `Idempotency-Key` is still being processed; retry after `Retry-After` seconds to get its answer */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The recipient said no (docs/COMPLIANCE.md): they opted out of SMS from this sender (`recipient_opted_out`), or the address is on the suppression list (`recipient_suppressed`); nothing was stored. Or a call (`voice`, `voicemail`) to or from an email address, naming the field; or this `Idempotency-Key` was already used for a different request (another route or body): use a new key */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a send that timed out answers the message if it was stored; without one, read it back before resending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listConversations: {
        parameters: {
            query?: {
                /** @description Only conversations of this kind: `phone` (SMS, MMS, calls and voicemail) or `email` */
                channel?: components["schemas"]["ChannelKind"];
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Items per page (1–100) */
                limit?: number;
                /** @description Only conversations with this participant: a phone number in any common formatting, or an email address */
                participant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of conversations */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: components["schemas"]["ConversationOutput"][];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The conversation */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOutput"];
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listConversationMessages: {
        parameters: {
            query?: {
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Items per page (1–100) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of messages */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: components["schemas"]["MessageOutput"][];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchConversations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchConversationsRequest"];
            };
        };
        responses: {
            /** @description Matching conversations */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Matching conversations, the most recently matched first; empty when none match */
                        data: {
                            conversation: components["schemas"]["ConversationOutput"];
                            /** @description Its matching messages, newest first: up to five, fewer (or none) once the answer holds 512 KiB of messages — every conversation’s newest match comes before any conversation’s second */
                            messages: components["schemas"]["MessageOutput"][];
                        }[];
                    };
                };
            };
            /** @description The request is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    docs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description Only events about this conversation (its messages, its creation) */
                conversation_id?: string;
                /** @description Resume after this event: the same as the `Last-Event-ID` header, for clients that cannot set headers (the header wins when both are given) */
                last_event_id?: string;
                /** @description Only events of these types, comma-separated (every type when absent) */
                types?: string;
            };
            header?: {
                /** @description Resume after this event (the `id:` of an event this stream sent; EventSource clients send it when they reconnect): every later event of the tenant still kept is sent first, then live ones */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream: events as they happen, until the client or the gateway closes it */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description A filter or `Last-Event-ID` is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds. The tenant has as many event streams open as it may (close one, or retry later) */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadMedia: {
        parameters: {
            query?: {
                /** @description The file name of a raw-body upload (a multipart part carries its own) */
                filename?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The tenant already has these bytes: their record */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The type sniffed from the bytes (the type the file was declared as is not trusted) */
                        content_type: string;
                        /** @description When it was stored (ISO 8601, UTC) */
                        created_at: string;
                        /**
                         * Format: uuid
                         * @description The media id
                         * @example 01a21c50-7f3e-7a4b-8c1d-2e3f4a5b6c7d
                         */
                        id: string;
                        /** @description The file name it was uploaded or received under */
                        original_name: string | null;
                        /** @description The malware scanner's verdict */
                        scan: {
                            /** @description When the verdict was given (ISO 8601, UTC) */
                            scanned_at: string | null;
                            /** @description The malware signature found, when `infected` (e.g. `Eicar-Test-Signature`) */
                            signature: string | null;
                            /**
                             * @description `clean` (served and sent), `infected` (quarantined: never served or sent), `error` (clamd refused to read it: never served or sent), `pending` (not scanned yet: held until it is)
                             * @enum {string}
                             */
                            status: "pending" | "clean" | "infected" | "error";
                        };
                        /** @description SHA-256 of the bytes, hex: the same file uploaded twice is one media */
                        sha256: string;
                        /** @description Bytes */
                        size: number;
                        /**
                         * @description `upload`, `url` (fetched for a send) or `inbound` (received)
                         * @enum {string}
                         */
                        source: "upload" | "url" | "inbound";
                        /** @description Where its bytes are served to the tenant once `clean` */
                        url: string;
                    };
                };
            };
            /** @description The file, stored and scanned */
            201: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The type sniffed from the bytes (the type the file was declared as is not trusted) */
                        content_type: string;
                        /** @description When it was stored (ISO 8601, UTC) */
                        created_at: string;
                        /**
                         * Format: uuid
                         * @description The media id
                         * @example 01a21c50-7f3e-7a4b-8c1d-2e3f4a5b6c7d
                         */
                        id: string;
                        /** @description The file name it was uploaded or received under */
                        original_name: string | null;
                        /** @description The malware scanner's verdict */
                        scan: {
                            /** @description When the verdict was given (ISO 8601, UTC) */
                            scanned_at: string | null;
                            /** @description The malware signature found, when `infected` (e.g. `Eicar-Test-Signature`) */
                            signature: string | null;
                            /**
                             * @description `clean` (served and sent), `infected` (quarantined: never served or sent), `error` (clamd refused to read it: never served or sent), `pending` (not scanned yet: held until it is)
                             * @enum {string}
                             */
                            status: "pending" | "clean" | "infected" | "error";
                        };
                        /** @description SHA-256 of the bytes, hex: the same file uploaded twice is one media */
                        sha256: string;
                        /** @description Bytes */
                        size: number;
                        /**
                         * @description `upload`, `url` (fetched for a send) or `inbound` (received)
                         * @enum {string}
                         */
                        source: "upload" | "url" | "inbound";
                        /** @description Where its bytes are served to the tenant once `clean` */
                        url: string;
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file is larger than `MEDIA_MAX_BYTES` (20 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The bytes are of a type no channel accepts (e.g. an executable) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The media id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The record */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The type sniffed from the bytes (the type the file was declared as is not trusted) */
                        content_type: string;
                        /** @description When it was stored (ISO 8601, UTC) */
                        created_at: string;
                        /**
                         * Format: uuid
                         * @description The media id
                         * @example 01a21c50-7f3e-7a4b-8c1d-2e3f4a5b6c7d
                         */
                        id: string;
                        /** @description The file name it was uploaded or received under */
                        original_name: string | null;
                        /** @description The malware scanner's verdict */
                        scan: {
                            /** @description When the verdict was given (ISO 8601, UTC) */
                            scanned_at: string | null;
                            /** @description The malware signature found, when `infected` (e.g. `Eicar-Test-Signature`) */
                            signature: string | null;
                            /**
                             * @description `clean` (served and sent), `infected` (quarantined: never served or sent), `error` (clamd refused to read it: never served or sent), `pending` (not scanned yet: held until it is)
                             * @enum {string}
                             */
                            status: "pending" | "clean" | "infected" | "error";
                        };
                        /** @description SHA-256 of the bytes, hex: the same file uploaded twice is one media */
                        sha256: string;
                        /** @description Bytes */
                        size: number;
                        /**
                         * @description `upload`, `url` (fetched for a send) or `inbound` (received)
                         * @enum {string}
                         */
                        source: "upload" | "url" | "inbound";
                        /** @description Where its bytes are served to the tenant once `clean` */
                        url: string;
                    };
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such media (or another tenant's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMediaContent: {
        parameters: {
            query?: {
                /** @description Signed URLs only: when the URL stops working (Unix seconds) */
                expires?: string;
                /** @description Signed URLs only: HMAC-SHA256 over the id and `expires`. A signed URL is served without credentials: it is what providers fetch MMS media from */
                signature?: string;
            };
            header?: never;
            path: {
                /** @description The media id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A signed URL that is not valid or has expired */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such media (or another tenant's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not scanned clean: pending, infected or refused by the scanner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMessages: {
        parameters: {
            query?: {
                /** @description Only messages of this conversation */
                conversation_id?: string;
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Only messages in this direction */
                direction?: components["schemas"]["Direction"];
                /** @description Only messages with one of these error codes, comma-separated. The dead letters — failed outbound messages whose retries were used up — are `status=failed&error_code=attempts_exhausted,max_deliveries` */
                error_code?: string;
                /** @description Items per page (1–100) */
                limit?: number;
                /** @description Only messages created at or after this instant (ISO 8601 with an offset) */
                since?: string;
                /** @description Only messages in this status */
                status?: components["schemas"]["MessageStatus"];
                /** @description Only messages of this type */
                type?: components["schemas"]["MessageType"];
                /** @description Only messages created before this instant (ISO 8601 with an offset) */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of messages */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: components["schemas"]["MessageOutput"][];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A query parameter is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The message */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOutput"];
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such message */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMessageEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Its events */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Every event, oldest first */
                        data: components["schemas"]["MessageEvent"][];
                    };
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such message */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again */
            202: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOutput"];
                };
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such message */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The message is not a failed outbound message */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendMessageBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retrying safe: a unique value per message (a UUID is ideal), at most 255 printable ASCII characters. A retry with the same key and body gets the first answer back instead of sending again, for 24 hours. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The messages to send (1–1000), each like the body of `POST /api/v1/messages/send`. Each is validated on its own: an invalid one is answered with its problem and does not hold the others back */
                    messages: components["schemas"]["SendMessageRequest"][];
                };
            };
        };
        responses: {
            /** @description Every message stored and queued for dispatch */
            201: {
                headers: {
                    /** @description Present when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotency-Replayed"?: "true";
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One result per message, in the order of `messages` */
                        results: ({
                            /**
                             * @description The position of the message in `messages`, from 0
                             * @example 0
                             */
                            index: number;
                            message: components["schemas"]["MessageOutput"];
                            /**
                             * @description `201`: stored and queued for dispatch
                             * @constant
                             */
                            status: 201;
                        } | {
                            /**
                             * @description The position of the message in `messages`, from 0
                             * @example 0
                             */
                            index: number;
                            problem: components["schemas"]["Problem"];
                            /**
                             * @description The HTTP status this message alone would have had
                             * @example 400
                             */
                            status: number;
                        })[];
                    };
                };
            };
            /** @description Some messages (perhaps all) were not stored: each result says what became of its message */
            207: {
                headers: {
                    /** @description Present when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotency-Replayed"?: "true";
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One result per message, in the order of `messages` */
                        results: ({
                            /**
                             * @description The position of the message in `messages`, from 0
                             * @example 0
                             */
                            index: number;
                            message: components["schemas"]["MessageOutput"];
                            /**
                             * @description `201`: stored and queued for dispatch
                             * @constant
                             */
                            status: 201;
                        } | {
                            /**
                             * @description The position of the message in `messages`, from 0
                             * @example 0
                             */
                            index: number;
                            problem: components["schemas"]["Problem"];
                            /**
                             * @description The HTTP status this message alone would have had
                             * @example 400
                             */
                            status: number;
                        })[];
                    };
                };
            };
            /** @description The body is not a list of 1 to 1000 messages, or the `Idempotency-Key` is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with this `Idempotency-Key` is still being processed; retry after `Retry-After` seconds to get its answer */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 8 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This `Idempotency-Key` was already used for a different request (another route or body); use a new key */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a batch that timed out answers the messages that were stored; without one, read them back before resending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendMessage: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retrying safe: a unique value per message (a UUID is ideal), at most 255 printable ASCII characters. A retry with the same key and body gets the first answer back instead of sending again, for 24 hours. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            /** @description Stored and queued for dispatch */
            201: {
                headers: {
                    /** @description Present when this is the stored answer to an earlier request with the same Idempotency-Key */
                    "Idempotency-Replayed"?: "true";
                    /** @description The URL of the stored message */
                    location: string;
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOutput"];
                };
            };
            /** @description The request is not valid; `errors` names each wrong field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with this `Idempotency-Key` is still being processed; retry after `Retry-After` seconds to get its answer */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The recipient said no (docs/COMPLIANCE.md): they opted out of SMS from this sender (`recipient_opted_out`), or the address is on the suppression list (`recipient_suppressed`); nothing was stored. Or a call (`voice`, `voicemail`) to or from an email address, naming the field; or this `Idempotency-Key` was already used for a different request (another route or body): use a new key */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a send that timed out answers the message if it was stored; without one, read it back before resending */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    getProviderHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every channel and its providers */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Every channel, `sms`, `email` and `voice` in that order */
                        channels: {
                            /**
                             * @description `sms` (SMS and MMS), `email` or `voice` (calls, voicemail)
                             * @enum {string}
                             */
                            channel: "sms" | "email" | "voice";
                            /** @description In the order a send tries them: an open circuit last, a demoted provider behind the healthy ones, otherwise the configured order */
                            providers: {
                                /** @description Calls made to the provider in the last 10 s, over every replica */
                                calls: number;
                                /**
                                 * @description The worst circuit state any replica reports: `open` when one replica skips the provider
                                 * @enum {string}
                                 */
                                circuit: "closed" | "half_open" | "open";
                                /** @description How many replicas report each circuit state */
                                circuits: {
                                    /** @description Replicas whose circuit for it is closed */
                                    closed: number;
                                    /** @description Replicas waiting for its trial call */
                                    half_open: number;
                                    /** @description Replicas skipping it */
                                    open: number;
                                };
                                /** @description Moved behind the healthy providers (failing or slow) by at least one replica */
                                demoted: boolean;
                                /** @description Share of the calls in the last 10 s that failed with a retryable error (0–1); null without calls */
                                error_rate: number | null;
                                /** @description Mean duration of the calls in the last 10 s, in milliseconds; null without calls */
                                mean_latency_ms: number | null;
                                /**
                                 * @description The provider
                                 * @example twilio
                                 */
                                name: string;
                            }[];
                            /** @description Dispatcher replicas of the channel that reported recently; 0: none running, or none heard from yet */
                            replicas: number;
                            /** @description When the newest of their reports was made (ISO 8601, UTC); null without one */
                            reported_at: string | null;
                        }[];
                    };
                };
            };
            /** @description Unchanged since the answer whose `ETag` the request named in `If-None-Match`: no body. A client polling the list pays for a change only when there is one. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSuppressions: {
        parameters: {
            query?: {
                /** @description Only `phone` (opt-outs) or only `email` entries */
                channel?: components["schemas"]["ChannelKind"];
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Items per page (1–100) */
                limit?: number;
                /** @description Only entries of this reason */
                reason?: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        }[];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description A query parameter is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addSuppression: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A phone number (any common format) or an email address */
                    address: string;
                    /** @description Why; kept in the audit trail */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The entry */
            201: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The recipient, normalised (E.164, lower-cased email) */
                        address: string;
                        channel: components["schemas"]["ChannelKind"];
                        /** @description When it was added */
                        created_at: string;
                        /** @description Who added it: `recipient`, `provider`, or the acting client */
                        created_by: string;
                        /**
                         * Format: uuid
                         * @description The entry
                         */
                        id: string;
                        /** @description Why, as given by whoever added it */
                        note: string | null;
                        /**
                         * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                         * @enum {string}
                         */
                        reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                        /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                        sender: string | null;
                        /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                        source: string | null;
                    };
                };
            };
            /** @description The address is not a phone number or email address */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSuppression: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A phone number or email address, URL-encoded */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Its entries */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The recipient, normalised */
                        address: string;
                        /** @description The recipient's entries (one per sender it covers) */
                        data: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        }[];
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The recipient is not on the list */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeSuppression: {
        parameters: {
            query: {
                /** @description Why the recipient may be messaged again (required, audited) */
                reason: string;
            };
            header?: never;
            path: {
                /** @description A phone number or email address, URL-encoded */
                address: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entries removed */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The recipient, normalised */
                        address: string;
                        /** @description The recipient's entries (one per sender it covers) */
                        data: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        }[];
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The recipient is not on the list */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoints */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The endpoints */
                        data: {
                            /** @description When it was registered (ISO 8601, UTC) */
                            created_at: string;
                            /** @description A note for yourself */
                            description: string | null;
                            /** @description Why deliveries stopped, when Switchboard disabled the endpoint (e.g. `410 Gone`) */
                            disabled_reason: string | null;
                            /** @description Whether events are delivered */
                            enabled: boolean;
                            /** @description The event types delivered; `["*"]` for every type */
                            events: string[];
                            /**
                             * Format: uuid
                             * @description The endpoint id
                             * @example 01a21c43-e04d-77cc-97ae-1d07b0f73999
                             */
                            id: string;
                            /** @description Until when the secret before the last rotation still signs (ISO 8601, UTC) */
                            previous_secret_expires_at: string | null;
                            /** @description When it last changed (ISO 8601, UTC) */
                            updated_at: string;
                            /** @description Where events are POSTed */
                            url: string;
                        }[];
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A note for yourself */
                    description?: string | null;
                    /**
                     * @description Whether events are delivered
                     * @default true
                     */
                    enabled?: boolean;
                    /**
                     * @description The event types to deliver, or `["*"]` for every type (also those added later)
                     * @default [
                     *       "*"
                     *     ]
                     * @example [
                     *       "message.received",
                     *       "message.status"
                     *     ]
                     */
                    events?: (("message.received" | "message.status" | "message.failed" | "conversation.created" | "webhook_endpoint.disabled" | "recipient.opted_out" | "recipient.opted_in" | "suppression.created" | "suppression.deleted") | "*")[];
                    /**
                     * @description Where events are POSTed. https in production; it must not point at a private, loopback, link-local or metadata address
                     * @example https://example.com/hooks/switchboard
                     */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Registered; the answer carries the signing secret */
            201: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description When it was registered (ISO 8601, UTC) */
                        created_at: string;
                        /** @description A note for yourself */
                        description: string | null;
                        /** @description Why deliveries stopped, when Switchboard disabled the endpoint (e.g. `410 Gone`) */
                        disabled_reason: string | null;
                        /** @description Whether events are delivered */
                        enabled: boolean;
                        /** @description The event types delivered; `["*"]` for every type */
                        events: string[];
                        /**
                         * Format: uuid
                         * @description The endpoint id
                         * @example 01a21c43-e04d-77cc-97ae-1d07b0f73999
                         */
                        id: string;
                        /** @description Until when the secret before the last rotation still signs (ISO 8601, UTC) */
                        previous_secret_expires_at: string | null;
                        /**
                         * @description The signing secret, shown only in this answer: verify deliveries with any Standard Webhooks library
                         * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                         */
                        secret: string;
                        /** @description When it last changed (ISO 8601, UTC) */
                        updated_at: string;
                        /** @description Where events are POSTed */
                        url: string;
                    };
                };
            };
            /** @description The body is not valid, or the URL points where events may not go */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The account already has as many endpoints as it may */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description When it was registered (ISO 8601, UTC) */
                        created_at: string;
                        /** @description A note for yourself */
                        description: string | null;
                        /** @description Why deliveries stopped, when Switchboard disabled the endpoint (e.g. `410 Gone`) */
                        disabled_reason: string | null;
                        /** @description Whether events are delivered */
                        enabled: boolean;
                        /** @description The event types delivered; `["*"]` for every type */
                        events: string[];
                        /**
                         * Format: uuid
                         * @description The endpoint id
                         * @example 01a21c43-e04d-77cc-97ae-1d07b0f73999
                         */
                        id: string;
                        /** @description Until when the secret before the last rotation still signs (ISO 8601, UTC) */
                        previous_secret_expires_at: string | null;
                        /** @description When it last changed (ISO 8601, UTC) */
                        updated_at: string;
                        /** @description Where events are POSTed */
                        url: string;
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such webhook endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such webhook endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A note for yourself */
                    description?: string | null;
                    /** @description Whether events are delivered; `true` also re-enables a disabled endpoint */
                    enabled?: boolean;
                    /**
                     * @description The event types to deliver, or `["*"]` for every type (also those added later)
                     * @example [
                     *       "message.received",
                     *       "message.status"
                     *     ]
                     */
                    events?: (("message.received" | "message.status" | "message.failed" | "conversation.created" | "webhook_endpoint.disabled" | "recipient.opted_out" | "recipient.opted_in" | "suppression.created" | "suppression.deleted") | "*")[];
                    /**
                     * @description Where events are POSTed. https in production; it must not point at a private, loopback, link-local or metadata address
                     * @example https://example.com/hooks/switchboard
                     */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description The endpoint as changed */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description When it was registered (ISO 8601, UTC) */
                        created_at: string;
                        /** @description A note for yourself */
                        description: string | null;
                        /** @description Why deliveries stopped, when Switchboard disabled the endpoint (e.g. `410 Gone`) */
                        disabled_reason: string | null;
                        /** @description Whether events are delivered */
                        enabled: boolean;
                        /** @description The event types delivered; `["*"]` for every type */
                        events: string[];
                        /**
                         * Format: uuid
                         * @description The endpoint id
                         * @example 01a21c43-e04d-77cc-97ae-1d07b0f73999
                         */
                        id: string;
                        /** @description Until when the secret before the last rotation still signs (ISO 8601, UTC) */
                        previous_secret_expires_at: string | null;
                        /** @description When it last changed (ISO 8601, UTC) */
                        updated_at: string;
                        /** @description Where events are POSTed */
                        url: string;
                    };
                };
            };
            /** @description The body is not valid, or the URL points where events may not go */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such webhook endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description The previous page's `next_cursor`; omit it for the first page */
                cursor?: string;
                /** @description Items per page (1–100) */
                limit?: number;
                /** @description Only the deliveries in this status */
                status?: "pending" | "delivered" | "failed";
            };
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description This page of items */
                        data: {
                            /** @description Attempts made so far */
                            attempt_count: number;
                            /** @description Every attempt, oldest first */
                            attempts: {
                                /** @description When it was made (ISO 8601, UTC) */
                                attempted_at: string;
                                /** @description How long it took, answer included */
                                duration_ms: number;
                                /** @description Why there was no answer (timeout, refused URL, …) */
                                error: string | null;
                                /** @description The start of the endpoint's answer (at most 1 KiB) */
                                response_body: string | null;
                                /** @description The endpoint's HTTP status; null if none */
                                status_code: number | null;
                            }[];
                            /** @description When the event was queued for this endpoint (ISO 8601, UTC) */
                            created_at: string;
                            /**
                             * Format: uuid
                             * @description The endpoint
                             */
                            endpoint_id: string;
                            /** @description The event delivered (its `webhook-id`) */
                            event_id: string;
                            /** @description The event type */
                            event_type: string;
                            /**
                             * Format: uuid
                             * @description The delivery id
                             */
                            id: string;
                            /** @description When the next attempt is due, while pending (ISO 8601, UTC) */
                            next_attempt_at: string | null;
                            /**
                             * @description `pending` (waiting for its first or next attempt), `delivered` (answered 2xx) or `failed` (retries spent, or the endpoint answered 410)
                             * @enum {string}
                             */
                            status: "pending" | "delivered" | "failed";
                        }[];
                        /** @description Pass it as `cursor` for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description A query parameter is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such webhook endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The delivery id */
                delivery_id: string;
                /** @description The endpoint id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued for an attempt */
            202: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Attempts made so far */
                        attempt_count: number;
                        /** @description Every attempt, oldest first */
                        attempts: {
                            /** @description When it was made (ISO 8601, UTC) */
                            attempted_at: string;
                            /** @description How long it took, answer included */
                            duration_ms: number;
                            /** @description Why there was no answer (timeout, refused URL, …) */
                            error: string | null;
                            /** @description The start of the endpoint's answer (at most 1 KiB) */
                            response_body: string | null;
                            /** @description The endpoint's HTTP status; null if none */
                            status_code: number | null;
                        }[];
                        /** @description When the event was queued for this endpoint (ISO 8601, UTC) */
                        created_at: string;
                        /**
                         * Format: uuid
                         * @description The endpoint
                         */
                        endpoint_id: string;
                        /** @description The event delivered (its `webhook-id`) */
                        event_id: string;
                        /** @description The event type */
                        event_type: string;
                        /**
                         * Format: uuid
                         * @description The delivery id
                         */
                        id: string;
                        /** @description When the next attempt is due, while pending (ISO 8601, UTC) */
                        next_attempt_at: string | null;
                        /**
                         * @description `pending` (waiting for its first or next attempt), `delivered` (answered 2xx) or `failed` (retries spent, or the endpoint answered 410)
                         * @enum {string}
                         */
                        status: "pending" | "delivered" | "failed";
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such delivery */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayWebhookEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Re-send every event queued for the endpoint since this instant (ISO 8601)
                     */
                    since: string;
                };
            };
        };
        responses: {
            /** @description Queued again */
            202: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Deliveries queued again */
                        queued: number;
                    };
                };
            };
            /** @description The body is not valid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such webhook endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description How long the old secret keeps signing beside the new one (deliveries carry both signatures meanwhile)
                     * @default 86400
                     */
                    grace_seconds?: number;
                };
            };
        };
        responses: {
            /** @description The endpoint with its new secret */
            200: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description When it was registered (ISO 8601, UTC) */
                        created_at: string;
                        /** @description A note for yourself */
                        description: string | null;
                        /** @description Why deliveries stopped, when Switchboard disabled the endpoint (e.g. `410 Gone`) */
                        disabled_reason: string | null;
                        /** @description Whether events are delivered */
                        enabled: boolean;
                        /** @description The event types delivered; `["*"]` for every type */
                        events: string[];
                        /**
                         * Format: uuid
                         * @description The endpoint id
                         * @example 01a21c43-e04d-77cc-97ae-1d07b0f73999
                         */
                        id: string;
                        /** @description Until when the secret before the last rotation still signs (ISO 8601, UTC) */
                        previous_secret_expires_at: string | null;
                        /**
                         * @description The signing secret, shown only in this answer: verify deliveries with any Standard Webhooks library
                         * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                         */
                        secret: string;
                        /** @description When it last changed (ISO 8601, UTC) */
                        updated_at: string;
                        /** @description Where events are POSTed */
                        url: string;
                    };
                };
            };
            /** @description No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such webhook endpoint */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the configured limit (1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Requests the client may make per window (its tenant's budget); absent when rate limiting is off */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds until the budget is renewed */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it is logged, and the detail is not shown */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conversation-service did not answer in time (or is not running), or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. A send that timed out may still have been stored: read it back before resending, or retry with the same `Idempotency-Key` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendgridEventWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description ECDSA P-256 signature of the timestamp followed by the raw body (base64) */
                "x-twilio-email-event-webhook-signature": string;
                /** @description The signed timestamp */
                "x-twilio-email-event-webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": ({
                    /**
                     * @description The recipient
                     * @example jane@example.com
                     */
                    email?: string;
                    /**
                     * @description What happened
                     * @example delivered
                     */
                    event: ("processed" | "delivered" | "bounce" | "blocked" | "dropped" | "open" | "click" | "spamreport" | "unsubscribe" | "group_unsubscribe") | string;
                    /** @description `bounce`, `dropped`, `deferred`: why */
                    reason?: string;
                    /** @description `delivered`, `deferred`: the receiving server reply */
                    response?: string;
                    /**
                     * @description Unique per event; a repeated event is applied once
                     * @example ZGVsaXZlcmVkLTAtMTIzNDU2Nzg5
                     */
                    sg_event_id: string;
                    /**
                     * @description SendGrid's message id (the `X-Message-Id` of the send, plus a suffix)
                     * @example 14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0
                     */
                    sg_message_id?: string;
                    /** @description `bounce`: the SMTP status code */
                    status?: string;
                    /**
                     * @description The dispatch attempt the event is about (`0` for the first), a custom arg
                     * @example 0
                     */
                    switchboard_generation?: string;
                    /**
                     * @description Our message id, sent to SendGrid as a custom arg and echoed back
                     * @example 0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e
                     */
                    switchboard_message_id?: string;
                    /**
                     * @description When it happened (Unix time)
                     * @example 1730469600
                     */
                    timestamp?: number;
                    /** @description `bounce`: `bounce` or `blocked` */
                    type?: string;
                } & {
                    [key: string]: unknown;
                })[];
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    sendgridInboundParse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description JSON: name and type of each attachment */
                    "attachment-info"?: string;
                    /** @description How many files are attached (`attachment1`…) */
                    attachments?: string;
                    /** @description JSON: the character set of each field */
                    charsets?: string;
                    /** @description DKIM verification result */
                    dkim?: string;
                    /**
                     * @description JSON: the SMTP envelope `{"to": [...], "from": "..."}`; one email per recipient in `to`
                     * @example {"to":["team@example.com"],"from":"jane@example.com"}
                     */
                    envelope?: string;
                    /**
                     * @description Sender, as in the `From` header
                     * @example Jane <jane@example.com>
                     */
                    from: string;
                    /** @description The raw message headers */
                    headers?: string;
                    /** @description The text/html part (kept as the body when present) */
                    html?: string;
                    /** @description IP address of the sending server */
                    sender_ip?: string;
                    /** @description SPF verification result */
                    SPF?: string;
                    /**
                     * @description The subject
                     * @example Re: Welcome
                     */
                    subject?: string;
                    /** @description The text/plain part */
                    text?: string;
                    /**
                     * @description Recipients, as in the `To` header; read when the envelope names none
                     * @example team@example.com
                     */
                    to?: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    twilioWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description HMAC-SHA1 of the URL and parameters with the auth token (base64) */
                "x-twilio-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The Twilio account
                     * @example AC0123456789abcdef0123456789abcdef
                     */
                    AccountSid?: string;
                    /** @description Incoming messages: the text */
                    Body?: string;
                    /** @description Status callbacks: Twilio error code of a failure */
                    ErrorCode?: string;
                    /** @description Status callbacks: the error, in words */
                    ErrorMessage?: string;
                    /**
                     * @description Sender (E.164, a short code or an alphanumeric sender id); required of incoming messages
                     * @example +15559876543
                     */
                    From?: string;
                    /** @description Incoming MMS: content type of the first media file */
                    MediaContentType0?: string;
                    /** @description Incoming MMS: URL of the first media file (`MediaUrl1`, … for the others) */
                    MediaUrl0?: string;
                    /**
                     * @description Twilio's id for the message
                     * @example SM0123456789abcdef0123456789abcdef
                     */
                    MessageSid: string;
                    /**
                     * @description Status callbacks: the new status of a message we sent; incoming messages: `received`
                     * @example delivered
                     */
                    MessageStatus?: ("accepted" | "scheduled" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "canceled" | "read" | "receiving" | "received") | string;
                    /** @description Incoming messages: how many media files (`0`–`10`; more are not read) */
                    NumMedia?: string;
                    /** @description The older name of `MessageStatus`, which Twilio still sends; read when `MessageStatus` is absent */
                    SmsStatus?: ("accepted" | "scheduled" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "canceled" | "read" | "receiving" | "received") | string;
                    /**
                     * @description Recipient (E.164); required of incoming messages
                     * @example +15551234567
                     */
                    To?: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    twilioVoiceWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description HMAC-SHA1 of the URL and parameters with the auth token (base64) */
                "x-twilio-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The Twilio account
                     * @example AC0123456789abcdef0123456789abcdef
                     */
                    AccountSid?: string;
                    /**
                     * @description Twilio's id for the call
                     * @example CA0123456789abcdef0123456789abcdef
                     */
                    CallSid: string;
                    /**
                     * @description The call status when Twilio asked
                     * @example ringing
                     */
                    CallStatus?: string;
                    /** @description `action` requests: the key that ended the recording, or `hangup` */
                    Digits?: string;
                    /**
                     * @description `inbound` for a call to one of our numbers
                     * @example inbound
                     */
                    Direction?: string;
                    /**
                     * @description The caller (E.164, or a word such as `anonymous` when withheld)
                     * @example +15559876543
                     */
                    From: string;
                    /**
                     * @description Length of the recording in seconds
                     * @example 7
                     */
                    RecordingDuration?: string;
                    /**
                     * @description `action` requests: the recording just made
                     * @example RE0123456789abcdef0123456789abcdef
                     */
                    RecordingSid?: string;
                    /**
                     * @description `action` requests: where the recording is
                     * @example https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE0123456789abcdef0123456789abcdef
                     */
                    RecordingUrl?: string;
                    /**
                     * @description Our number that was called (E.164)
                     * @example +15551234567
                     */
                    To: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    twilioInboundCallStatus: {
        parameters: {
            query?: never;
            header: {
                /** @description HMAC-SHA1 of the URL and parameters with the auth token (base64) */
                "x-twilio-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The Twilio account
                     * @example AC0123456789abcdef0123456789abcdef
                     */
                    AccountSid?: string;
                    /**
                     * @description Seconds
                     * @example 12
                     */
                    CallDuration?: string;
                    /**
                     * @description Twilio's id for the call
                     * @example CA0123456789abcdef0123456789abcdef
                     */
                    CallSid: string;
                    /**
                     * @description `completed`, `busy`, `no-answer`, `canceled` or `failed` end the call; others are acknowledged only
                     * @example completed
                     */
                    CallStatus?: string;
                    /**
                     * @description The caller
                     * @example +15559876543
                     */
                    From?: string;
                    /**
                     * @description Our number that was called
                     * @example +15551234567
                     */
                    To?: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    twilioVoiceRecorded: {
        parameters: {
            query?: never;
            header: {
                /** @description HMAC-SHA1 of the URL and parameters with the auth token (base64) */
                "x-twilio-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The Twilio account
                     * @example AC0123456789abcdef0123456789abcdef
                     */
                    AccountSid?: string;
                    /**
                     * @description Twilio's id for the call
                     * @example CA0123456789abcdef0123456789abcdef
                     */
                    CallSid: string;
                    /**
                     * @description The call status when Twilio asked
                     * @example ringing
                     */
                    CallStatus?: string;
                    /** @description `action` requests: the key that ended the recording, or `hangup` */
                    Digits?: string;
                    /**
                     * @description `inbound` for a call to one of our numbers
                     * @example inbound
                     */
                    Direction?: string;
                    /**
                     * @description The caller (E.164, or a word such as `anonymous` when withheld)
                     * @example +15559876543
                     */
                    From: string;
                    /**
                     * @description Length of the recording in seconds
                     * @example 7
                     */
                    RecordingDuration?: string;
                    /**
                     * @description `action` requests: the recording just made
                     * @example RE0123456789abcdef0123456789abcdef
                     */
                    RecordingSid?: string;
                    /**
                     * @description `action` requests: where the recording is
                     * @example https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE0123456789abcdef0123456789abcdef
                     */
                    RecordingUrl?: string;
                    /**
                     * @description Our number that was called (E.164)
                     * @example +15551234567
                     */
                    To: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    twilioRecordingStatus: {
        parameters: {
            query?: never;
            header: {
                /** @description HMAC-SHA1 of the URL and parameters with the auth token (base64) */
                "x-twilio-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The Twilio account
                     * @example AC0123456789abcdef0123456789abcdef
                     */
                    AccountSid?: string;
                    /**
                     * @description Twilio's id for the call
                     * @example CA0123456789abcdef0123456789abcdef
                     */
                    CallSid: string;
                    /**
                     * @description Length of the recording in seconds
                     * @example 7
                     */
                    RecordingDuration?: string;
                    /**
                     * @description Twilio's id for the recording
                     * @example RE0123456789abcdef0123456789abcdef
                     */
                    RecordingSid: string;
                    /**
                     * @description Only `completed` makes a voicemail; any other status is acknowledged only
                     * @example completed
                     */
                    RecordingStatus?: string;
                    /**
                     * @description Where the recording can be fetched (with the account credentials)
                     * @example https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE…
                     */
                    RecordingUrl: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    twilioTranscription: {
        parameters: {
            query?: never;
            header: {
                /** @description HMAC-SHA1 of the URL and parameters with the auth token (base64) */
                "x-twilio-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description The Twilio account
                     * @example AC0123456789abcdef0123456789abcdef
                     */
                    AccountSid?: string;
                    /**
                     * @description Twilio's id for the call
                     * @example CA0123456789abcdef0123456789abcdef
                     */
                    CallSid: string;
                    /**
                     * @description The caller
                     * @example +15559876543
                     */
                    From?: string;
                    /**
                     * @description Twilio's id for the recording
                     * @example RE0123456789abcdef0123456789abcdef
                     */
                    RecordingSid?: string;
                    /**
                     * @description Where the recording can be fetched (with the account credentials)
                     * @example https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE0123456789abcdef0123456789abcdef
                     */
                    RecordingUrl?: string;
                    /**
                     * @description Our number that was called
                     * @example +15551234567
                     */
                    To?: string;
                    /**
                     * @description Twilio's id for the transcription
                     * @example TR0123456789abcdef0123456789abcdef
                     */
                    TranscriptionSid?: string;
                    /**
                     * @description `completed`, or `failed` (the voicemail then keeps an empty body)
                     * @example completed
                     */
                    TranscriptionStatus?: string;
                    /**
                     * @description What the caller said
                     * @example Please call me back
                     */
                    TranscriptionText?: string;
                } & {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    unsubscribePage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token of the link (`v1.<payload>.<HMAC-SHA256>`): it names the tenant, channel and address, and does not expire */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description Not a link we issued (forged, tampered, cut): problem+json naming `token` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    unsubscribeOneClick: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token of the link (`v1.<payload>.<HMAC-SHA256>`): it names the tenant, channel and address, and does not expire */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /**
                     * @description Exactly `One-Click`, as RFC 8058 has mailbox providers send it
                     * @constant
                     */
                    "List-Unsubscribe": "One-Click";
                };
            };
        };
        responses: {
            /** @description Unsubscribed (an HTML page) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description Not a link we issued (forged, tampered, cut): problem+json naming `token`; or the body is not `List-Unsubscribe=One-Click` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The tenant the link names no longer exists */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    compatEmailWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Media or file URLs; null or left out for none
                     * @example null
                     */
                    attachments?: string[] | null;
                    /**
                     * @description The body (HTML allowed)
                     * @example <html><body>html is <b>allowed</b> here </body></html>
                     */
                    body: string;
                    /**
                     * @description Sender
                     * @example contact@gmail.com
                     */
                    from: string;
                    /**
                     * Format: date-time
                     * @description When the provider received it (ISO 8601 with an offset)
                     * @example 2024-11-01T14:00:00Z
                     */
                    timestamp?: string;
                    /**
                     * @description Recipient
                     * @example user@usehatchapp.com
                     */
                    to: string;
                    /**
                     * @description The email provider's id for the message
                     * @example message-2
                     */
                    xillio_id: string;
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    compatSmsWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Media or file URLs; null or left out for none
                     * @example null
                     */
                    attachments?: string[] | null;
                    /**
                     * @description The text
                     * @example text message
                     */
                    body: string;
                    /**
                     * @description Sender (E.164)
                     * @example +18045551234
                     */
                    from: string;
                    /**
                     * @description The provider's id for the message
                     * @example message-1
                     */
                    messaging_provider_id: string;
                    /**
                     * Format: date-time
                     * @description When the provider received it (ISO 8601 with an offset)
                     * @example 2024-11-01T14:00:00Z
                     */
                    timestamp?: string;
                    /**
                     * @description Recipient (E.164)
                     * @example +12016661234
                     */
                    to: string;
                    /**
                     * @description `sms`, or `mms` when there are attachments
                     * @enum {string}
                     */
                    type: "sms" | "mms";
                };
            };
        };
        responses: {
            /** @description Accepted: verified, logged and handed on for processing */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused: the signature does not verify, or the payload is malformed */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @description Always `ok` while the process answers
                         * @constant
                         */
                        status: "ok";
                        /** @description Seconds since the process started */
                        uptime_s: number;
                    };
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Prometheus text format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready for traffic */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Each dependency by name (for the gateway: `nats` and `redis`) */
                        checks: {
                            [key: string]: {
                                /** @description Why it is down */
                                error?: string;
                                /**
                                 * @description Whether the dependency answered in time
                                 * @enum {string}
                                 */
                                status: "up" | "down";
                            };
                        };
                        /**
                         * @description `ready`; `draining` while shutting down; `unavailable` while a dependency is down
                         * @enum {string}
                         */
                        status: "ready" | "draining" | "unavailable";
                    };
                };
            };
            /** @description Not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Each dependency by name (for the gateway: `nats` and `redis`) */
                        checks: {
                            [key: string]: {
                                /** @description Why it is down */
                                error?: string;
                                /**
                                 * @description Whether the dependency answered in time
                                 * @enum {string}
                                 */
                                status: "up" | "down";
                            };
                        };
                        /**
                         * @description `ready`; `draining` while shutting down; `unavailable` while a dependency is down
                         * @enum {string}
                         */
                        status: "ready" | "draining" | "unavailable";
                    };
                };
            };
        };
    };
    clientEvent_conversation_created: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The conversation as created */
                    data: {
                        conversation: components["schemas"]["Conversation"];
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "conversation.created";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_message_failed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The lifecycle step, and the message as it stood after it */
                    data: {
                        message: components["schemas"]["Message"];
                        /** @description When it happened, as its source reports (ISO 8601, UTC) */
                        occurred_at: string;
                        /** @description The provider that sent or reported it, if any */
                        provider: string | null;
                        /** @description The provider's error code, for `failed` and `undelivered` */
                        provider_code: string | null;
                        /** @description A readable explanation of `provider_code` */
                        provider_message: string | null;
                        status: components["schemas"]["MessageStatus"];
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "message.failed";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_message_received: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The message as stored */
                    data: {
                        message: components["schemas"]["Message"];
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "message.received";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_message_status: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The lifecycle step, and the message as it stood after it */
                    data: {
                        message: components["schemas"]["Message"];
                        /** @description When it happened, as its source reports (ISO 8601, UTC) */
                        occurred_at: string;
                        /** @description The provider that sent or reported it, if any */
                        provider: string | null;
                        /** @description The provider's error code, for `failed` and `undelivered` */
                        provider_code: string | null;
                        /** @description A readable explanation of `provider_code` */
                        provider_message: string | null;
                        status: components["schemas"]["MessageStatus"];
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "message.status";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_recipient_opted_in: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The opt-in, and the opt-out entry it took off the suppression list (one event per entry) */
                    data: {
                        /** @description The recipient's inbound message that said the keyword */
                        inbound_message_id: string | null;
                        /** @description The recipient (E.164) */
                        phone_number: string;
                        /** @description The tenant's number the change covers; null: every number of the tenant (the account's opt-out scope) */
                        sender: string | null;
                        /** @description The suppression list entry */
                        suppression: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        };
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "recipient.opted_in";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_recipient_opted_out: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The opt-out, and the entry now on the suppression list (reason `opt_out`) */
                    data: {
                        /** @description The recipient's inbound message that said the keyword */
                        inbound_message_id: string | null;
                        /** @description The recipient (E.164) */
                        phone_number: string;
                        /** @description The tenant's number the change covers; null: every number of the tenant (the account's opt-out scope) */
                        sender: string | null;
                        /** @description The suppression list entry */
                        suppression: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        };
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "recipient.opted_out";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_suppression_created: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The new entry: address, channel, reason, what caused it and who added it */
                    data: {
                        /** @description The entry as added */
                        suppression: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        };
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "suppression.created";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_suppression_deleted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The removed entry, who removed it and why */
                    data: {
                        /** @description Who removed it: the acting client (API key id), or the operator */
                        deleted_by: string;
                        /** @description Why, as given by whoever removed it */
                        note: string | null;
                        /** @description The entry as it was before it was removed */
                        suppression: {
                            /** @description The recipient, normalised (E.164, lower-cased email) */
                            address: string;
                            channel: components["schemas"]["ChannelKind"];
                            /** @description When it was added */
                            created_at: string;
                            /** @description Who added it: `recipient`, `provider`, or the acting client */
                            created_by: string;
                            /**
                             * Format: uuid
                             * @description The entry
                             */
                            id: string;
                            /** @description Why, as given by whoever added it */
                            note: string | null;
                            /**
                             * @description Why: `opt_out` (the recipient texted STOP), `hard_bounce`, `dropped`, `spam_report`, `unsubscribe`, `group_unsubscribe`, `smtp_rejection` (a permanent 5xx), `soft_bounces` (too many in the window) or `manual`
                             * @enum {string}
                             */
                            reason: "opt_out" | "hard_bounce" | "dropped" | "spam_report" | "unsubscribe" | "group_unsubscribe" | "smtp_rejection" | "soft_bounces" | "manual";
                            /** @description The tenant number the recipient opted out of; null: every sender of the tenant */
                            sender: string | null;
                            /** @description What caused it: the inbound message id, the provider event id; null when added by hand */
                            source: string | null;
                        };
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "suppression.deleted";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clientEvent_webhook_endpoint_disabled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt, to deduplicate by */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation */
                "webhook-signature": string;
                /** @description When this attempt was signed (Unix seconds) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the change happened (ISO 8601, UTC)
                     * @example 2026-01-05T10:00:00.000Z
                     */
                    created_at: string;
                    /** @description The endpoint and how long it had been failing */
                    data: {
                        /** @description The endpoint, now disabled */
                        endpoint: {
                            /** @description The note it was registered with */
                            description: string | null;
                            /** @description Why deliveries stopped */
                            disabled_reason: string;
                            /**
                             * Format: uuid
                             * @description The endpoint id
                             */
                            id: string;
                            /** @description Where events were POSTed */
                            url: string;
                        };
                        /** @description Since when every attempt to it had failed (ISO 8601, UTC) */
                        failing_since: string;
                    };
                    /**
                     * @description Unique per event: a receiver that sees an id again has seen the event before
                     * @example evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a
                     */
                    id: string;
                    /** @description A tenant id */
                    tenant_id: string;
                    /**
                     * @description The event type
                     * @constant
                     */
                    type: "webhook_endpoint.disabled";
                };
            };
        };
        responses: {
            /** @description Any 2xx within the timeout: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: the endpoint is disabled, nothing more is sent */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else, or no answer: retried with backoff */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
