import express, { Router } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '@switchboard/http';

/**
 * What becomes of mail to a recipient, as SendGrid's Event Webhook reports it: `deliver` (the
 * default), a hard `bounce`, a `blocked` (soft) bounce, `dropped`, or delivered and then a
 * `spamreport`, `unsubscribe` or `group_unsubscribe`.
 */
export const EMAIL_OUTCOMES = [
  'deliver',
  'bounce',
  'blocked',
  'dropped',
  'spamreport',
  'unsubscribe',
  'group_unsubscribe',
] as const;
export type EmailOutcome = (typeof EMAIL_OUTCOMES)[number];

/** The SendGrid events reported for each outcome, in order. */
export const EVENTS_OF_OUTCOME = {
  deliver: ['processed', 'delivered'],
  bounce: ['processed', 'bounce'],
  blocked: ['processed', 'bounce'],
  dropped: ['dropped'],
  spamreport: ['processed', 'delivered', 'spamreport'],
  unsubscribe: ['processed', 'delivered', 'unsubscribe'],
  group_unsubscribe: ['processed', 'delivered', 'group_unsubscribe'],
} as const satisfies Record<EmailOutcome, readonly string[]>;
export type SendGridEventName = (typeof EVENTS_OF_OUTCOME)[EmailOutcome][number];

const outcomeRequest = z
  .object({ to: z.string().trim().min(1).max(320), outcome: z.enum(EMAIL_OUTCOMES) })
  .strict();

/** Per-recipient outcomes of mail, set at run time through `/sandbox/email-outcomes`. */
export class EmailOutcomes {
  private readonly byRecipient = new Map<string, EmailOutcome>();

  set(to: string, outcome: EmailOutcome): void {
    if (outcome === 'deliver') this.byRecipient.delete(to.toLowerCase());
    else this.byRecipient.set(to.toLowerCase(), outcome);
  }

  of(to: string): EmailOutcome {
    return this.byRecipient.get(to.toLowerCase()) ?? 'deliver';
  }

  all(): { to: string; outcome: EmailOutcome }[] {
    return [...this.byRecipient].map(([to, outcome]) => ({ to, outcome }));
  }

  reset(): void {
    this.byRecipient.clear();
  }
}

/**
 * `/sandbox/email-outcomes`: the outcomes set (`GET`), set one recipient's (`POST {to, outcome}`),
 * clear all (`DELETE`). Every later mail to that recipient through SendGrid is reported so.
 *
 * @example app.use(emailOutcomeRoutes({ outcomes }));
 */
export function emailOutcomeRoutes(deps: { outcomes: EmailOutcomes }): Router {
  const { outcomes } = deps;
  const router = Router();
  router.get('/sandbox/email-outcomes', (_req, res) => {
    res.json({ data: outcomes.all() });
  });
  router.post('/sandbox/email-outcomes', express.json(), (req, res) => {
    const { to, outcome } = parseOrThrow(outcomeRequest, req.body);
    outcomes.set(to, outcome);
    res.json({ data: outcomes.all() });
  });
  router.delete('/sandbox/email-outcomes', (_req, res) => {
    outcomes.reset();
    res.status(204).end();
  });
  return router;
}
