/**
 * A subject with its partition numbers as `*` (`dispatch.sms.7` → `dispatch.sms.*`): span names
 * stay few, however many partitions there are.
 */
export function subjectPattern(subject: string): string {
  return subject
    .split('.')
    .map((token) => (/^\d+$/.test(token) ? '*' : token))
    .join('.');
}
