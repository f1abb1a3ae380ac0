import { z } from 'zod';
import { AnswerModes, type AnswerMode } from './sandbox-call';

/** `POST /sandbox/voice`: how calls to one number are answered from now on. */
export const answerRequestSchema = z
  .object({
    number: z
      .string()
      .regex(/^\+?\d{3,15}$/, { error: 'must be a phone number in E.164 form or a short code' }),
    answer: z.enum(AnswerModes).default('human'),
  })
  .strict();
export type AnswerRequest = z.output<typeof answerRequestSchema>;

/** Numbers are compared without their `+`, so `+1555…` and `1555…` are one number. */
const numberKey = (number: string) => number.replace(/^\+/, '');

/**
 * Who picks up calls to each number: a person unless set otherwise.
 *
 * @example answers.set({ number: '+15551230001', answer: 'machine' }); answers.of('+15551230001') // 'machine'
 */
export class AnswerSettings {
  private readonly answers = new Map<string, { number: string; answer: AnswerMode }>();

  set(request: AnswerRequest): void {
    if (request.answer === 'human') this.answers.delete(numberKey(request.number));
    else this.answers.set(numberKey(request.number), request);
  }

  of(number: string): AnswerMode {
    return this.answers.get(numberKey(number))?.answer ?? 'human';
  }

  /** The numbers set to anything but a person. */
  all(): { number: string; answer: AnswerMode }[] {
    return [...this.answers.values()];
  }

  reset(): void {
    this.answers.clear();
  }
}
