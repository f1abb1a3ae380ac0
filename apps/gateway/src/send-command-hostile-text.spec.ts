import { AppError, SendMessageRequest } from '@switchboard/contracts';
import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import { toSendCommand } from './send-command';
import { TENANT } from './send-command-fixtures';

describe('send requests with hostile text', () => {
  /** Refused or accepted, as long as it answers: what is measured is how long it takes. */
  const attempt = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  };

  it.each(adversarialTexts())('checks 1 MiB of %s within the budget', (_name, text) => {
    const calls: [string, () => unknown][] = [
      [
        'schema',
        () => SendMessageRequest.safeParse({ from: text, to: text, subject: text, body: text }),
      ],
      [
        'email subject, names and body',
        attempt(() =>
          toSendCommand(
            { from: text, to: `${text}@example.com`, type: 'email', subject: text, body: text },
            TENANT,
            'US',
          ),
        ),
      ],
      [
        'sms addresses and body',
        attempt(() =>
          toSendCommand({ from: text, to: text, type: 'sms', body: text }, TENANT, 'US'),
        ),
      ],
    ];
    expect(slowCalls(calls)).toEqual([]);
  });
});
