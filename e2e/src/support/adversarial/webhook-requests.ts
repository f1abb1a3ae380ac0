import fc from 'fast-check';
import { SANDBOX_SENDGRID_WEBHOOK_KEYS, SANDBOX_WEBHOOK_SECRET } from '@switchboard/config';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
  signTwilioRequest,
} from '@switchboard/providers';
import {
  LARGE_FILL_UNITS,
  edgeEmails,
  edgePhoneNumbers,
  edgeStrings,
  largeText,
} from './edge-values';
import type { FuzzRequest } from './fuzz-runner';
import type { FuzzContext, Operation } from './fuzz-context';
import { asParam, jsonBody, preview } from './request-encoding';
import { schemaArbitrary } from './schema-arbitrary';

/** Twilio, SendGrid Event Webhook, Inbound Parse and compatible webhooks: signed, forged, replayed. */
export function webhookArbitrary(
  ctx: FuzzContext,
  operations: readonly Operation[],
): fc.Arbitrary<FuzzRequest> {
  const components = ctx.doc.components.schemas;
  const op = (template: string) => {
    const found = operations.find((o) => o.template === template && o.method === 'POST');
    if (!found) throw new Error(`the OpenAPI document has no POST ${template}`);
    return found;
  };
  const schemaOf = (o: Operation) =>
    Object.values(o.op.requestBody?.content ?? {})[0]?.schema ?? {};
  const target = fc.constantFrom('gateway' as const, 'webhook-ingest' as const);
  const route = (o: Operation) => `${o.method} ${o.template}`;

  const twilioOp = op('/api/v1/webhooks/twilio');
  const twilio = fc
    .record({
      params: schemaArbitrary(schemaOf(twilioOp), components),
      from: edgePhoneNumbers,
      signing: fc.constantFrom(
        'valid',
        'valid',
        'replayed',
        'wrong-token',
        'other-url',
        'garbage',
        'missing',
      ),
      target,
    })
    .map(({ params, from, signing, target }): FuzzRequest => {
      const flat: Record<string, string> = {};
      if (params && typeof params === 'object' && !Array.isArray(params)) {
        for (const [k, v] of Object.entries(params)) flat[k] = asParam(v);
      }
      flat['From'] ??= from;
      const form = new URLSearchParams(flat).toString();
      const url = `${ctx.publicBaseUrl}${twilioOp.template}`;
      const signature =
        signing === 'valid' || signing === 'replayed'
          ? signTwilioRequest(ctx.twilioAuthToken, url, flat)
          : signing === 'wrong-token'
            ? signTwilioRequest('not-the-token', url, flat)
            : signing === 'other-url'
              ? signTwilioRequest(ctx.twilioAuthToken, 'https://elsewhere.example/hook', flat)
              : signing === 'garbage'
                ? 'AAAA'
                : undefined;
      return {
        kind: `twilio:${signing}`,
        route: route(twilioOp),
        target,
        method: 'POST',
        path: twilioOp.template,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {}),
        },
        body: () => form,
        bodyPreview: form.slice(0, 300),
        may503: twilioOp.may503,
        replay: signing === 'replayed',
      };
    });

  const eventsOp = op('/api/v1/webhooks/sendgrid');
  const nowS = () => Math.floor(Date.now() / 1000);
  const sendgrid = fc
    .record({
      events: schemaArbitrary(schemaOf(eventsOp), components),
      signing: fc.constantFrom(
        'valid',
        'valid',
        'replayed',
        'stale',
        'future',
        'other-body',
        'garbage',
        'missing',
      ),
      target,
    })
    .map(({ events, signing, target }): FuzzRequest => {
      const body = JSON.stringify(events) ?? 'null';
      const timestamp =
        signing === 'stale'
          ? String(nowS() - 3_600)
          : signing === 'future'
            ? String(nowS() + 86_400)
            : String(nowS());
      const signed = signing === 'other-body' ? '[]' : body;
      const signature =
        signing === 'missing'
          ? undefined
          : signing === 'garbage'
            ? Buffer.from('forged').toString('base64')
            : signSendGridPayload(SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey, signed, timestamp);
      return {
        kind: `sendgrid-events:${signing}`,
        route: route(eventsOp),
        target,
        method: 'POST',
        path: eventsOp.template,
        headers: {
          'content-type': 'application/json',
          [SENDGRID_TIMESTAMP_HEADER]: timestamp,
          ...(signature ? { [SENDGRID_SIGNATURE_HEADER]: signature } : {}),
        },
        body: () => body,
        bodyPreview: body.slice(0, 300),
        may503: eventsOp.may503,
        replay: signing === 'replayed',
      };
    });

  const parseOp = op('/api/v1/webhooks/sendgrid/inbound');
  const inboundParse = fc
    .record({
      fields: schemaArbitrary(schemaOf(parseOp), components),
      from: edgeEmails,
      to: edgeEmails,
      messageId: fc.oneof(fc.uuid(), fc.constantFrom('same-message-id@mail.example'), edgeStrings),
      secret: fc.constantFrom(
        'basic',
        'basic',
        'token',
        'replayed',
        'wrong-basic',
        'wrong-token',
        'missing',
      ),
      large: fc.option(fc.constantFrom(...LARGE_FILL_UNITS), { freq: 20 }),
      target,
    })
    .map(({ fields, from, to, messageId, secret, large, target }): FuzzRequest => {
      const values: Record<string, string> = {
        from,
        to,
        envelope: JSON.stringify({ to: [to], from }),
        headers: `Message-ID: <${messageId}>\nSubject: fuzz`,
        text: 'hello',
      };
      if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
        for (const [k, v] of Object.entries(fields)) values[k] = asParam(v);
      }
      if (large !== null) values['html'] = largeText(large, 200_000);
      const password = secret.startsWith('wrong') ? 'wrong-secret' : SANDBOX_WEBHOOK_SECRET;
      const query = secret.endsWith('token') ? `?token=${encodeURIComponent(password)}` : '';
      const basic = secret === 'basic' || secret === 'replayed' || secret === 'wrong-basic';
      return {
        kind: `inbound-parse:${secret}`,
        route: route(parseOp),
        target,
        method: 'POST',
        path: `${parseOp.template}${query}`,
        headers: basic
          ? { authorization: `Basic ${Buffer.from(`sendgrid:${password}`).toString('base64')}` }
          : {},
        body: () => {
          const form = new FormData();
          for (const [k, v] of Object.entries(values)) form.set(k, v);
          return form;
        },
        bodyPreview: preview(JSON.stringify(values)),
        may503: parseOp.may503,
        replay: secret === 'replayed',
      };
    });

  const compatOps = [op('/api/webhooks/sms'), op('/api/webhooks/email')];
  const compat = fc
    .record({
      o: fc.constantFrom(...compatOps),
      secret: fc.constantFrom('valid', 'valid', 'replayed', 'wrong', 'missing'),
      target,
    })
    .chain(({ o, secret, target }) =>
      schemaArbitrary(schemaOf(o), components).map((payload): FuzzRequest => ({
        kind: `compat-webhook:${secret}`,
        route: route(o),
        target,
        method: 'POST',
        path: o.template,
        headers: {
          'content-type': 'application/json',
          ...(secret === 'missing'
            ? {}
            : {
                authorization: `Bearer ${secret === 'wrong' ? 'wrong-secret' : SANDBOX_WEBHOOK_SECRET}`,
              }),
        },
        ...jsonBody(payload),
        may503: o.may503,
        replay: secret === 'replayed',
      })),
    );

  return fc.oneof(twilio, sendgrid, inboundParse, compat);
}
