import { useId, useState, type FormEvent } from 'react';
import { segmentSms } from '@switchboard/addressing';
import { describeProblem, type Conversation, type Message, type SendRequest } from '../api/client';
import { useSession } from '../console-context';

type PhoneKind = 'sms' | 'voice' | 'voicemail';

/** Our side of the conversation: who sent the latest outbound message, or who received the latest inbound one. */
function ourAddress(conversation: Conversation, thread: Message[]): { from: string; to: string } {
  const last = thread.at(-1);
  const [first = '', second = ''] = conversation.participants;
  const ours = last ? (last.direction === 'outbound' ? last.from : last.to) : first;
  return { from: ours, to: ours === first ? second : first };
}

/**
 * Answers in the conversation's channel: SMS (MMS with attachments), a call or a voicemail drop
 * on a phone conversation; email with a subject on an email one. An SMS shows its encoding and
 * segment count as it is typed: the same count the provider bills.
 */
export function ComposeBox({
  conversation,
  thread,
  onSent,
}: {
  conversation: Conversation;
  thread: Message[];
  onSent: () => void;
}) {
  const { api } = useSession();
  const ids = useId();
  const email = conversation.channel === 'email';
  const [kind, setKind] = useState<PhoneKind>('sms');
  const [body, setBody] = useState('');
  const [subject, setSubject] = useState('');
  const [attachment, setAttachment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const { from, to } = ourAddress(conversation, thread);
  const segmentation = !email && kind === 'sms' ? segmentSms(body) : null;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    const request: SendRequest = email
      ? { from, to, type: 'email', subject, body }
      : {
          from,
          to,
          body,
          ...(kind === 'sms' && attachment.trim()
            ? { type: 'mms', attachments: [attachment.trim()] }
            : { type: kind }),
        };
    const { error: problem, response } = await api.POST('/api/v1/messages/send', {
      body: request,
      // A retried click sends once.
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    setSending(false);
    if (!response.ok) return setError(describeProblem(problem, response));
    setBody('');
    setAttachment('');
    onSent();
  };

  return (
    <form className="compose panel" onSubmit={(e) => void send(e)} aria-label="Reply">
      <p className="compose-route">
        From <strong>{from}</strong> to <strong>{to}</strong>
      </p>
      {email ? (
        <>
          <label htmlFor={`${ids}-subject`}>Subject</label>
          <input
            id={`${ids}-subject`}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            required
          />
        </>
      ) : (
        <fieldset className="kinds">
          <legend>Send as</legend>
          {(['sms', 'voice', 'voicemail'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name={`${ids}-kind`}
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
              />
              {k === 'sms' ? 'Text (SMS/MMS)' : k === 'voice' ? 'Call' : 'Voicemail'}
            </label>
          ))}
        </fieldset>
      )}
      <label htmlFor={`${ids}-body`}>
        {kind === 'sms' || email ? 'Message' : 'What the call says'}
      </label>
      <textarea
        id={`${ids}-body`}
        value={body}
        rows={3}
        onChange={(e) => setBody(e.target.value)}
        aria-describedby={segmentation ? `${ids}-segments` : undefined}
        required
      />
      {segmentation && (
        <p id={`${ids}-segments`} className="segments" aria-live="polite">
          {segmentation.encoding} · {segmentation.units}{' '}
          {segmentation.encoding === 'GSM-7' ? 'characters' : 'code units'} ·{' '}
          <strong>
            {segmentation.segments} segment{segmentation.segments === 1 ? '' : 's'}
          </strong>
        </p>
      )}
      {!email && kind === 'sms' && (
        <>
          <label htmlFor={`${ids}-attachment`}>Attachment URL (sends an MMS)</label>
          <input
            id={`${ids}-attachment`}
            type="url"
            value={attachment}
            onChange={(e) => setAttachment(e.target.value)}
          />
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={sending}>
        {sending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
