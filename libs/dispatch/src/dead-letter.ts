import { Subjects, type Channel, type DispatchCommand } from '@switchboard/contracts';
import { encodeJson, type Nats } from '@switchboard/messaging';
import { dispatchEventId } from './status-reporter';

/** Puts a dispatch command on the channel's dead letters, with why it was given up. */
export async function publishDeadLetter(
  js: Nats['js'],
  channel: Channel,
  command: DispatchCommand,
  reason: string,
): Promise<void> {
  await js.publish(
    Subjects.deadLetter(channel),
    encodeJson({ command, reason, at: new Date().toISOString() }),
    { msgID: dispatchEventId(command, 'deadletter') },
  );
}
