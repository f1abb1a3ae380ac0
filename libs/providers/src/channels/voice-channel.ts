import type { ChannelSender, DispatchCommand } from '@switchboard/contracts';
import { statusCallbackFor } from '../callback-attempt';
import { classifyFailure } from '../provider-error';
import type { OutboundCall, VoiceContent, VoiceProvider } from '../voice-provider';
import { MAX_INLINE_TWIML_CHARS, voiceTwiml } from '../voice/voice-twiml';

export interface VoiceChannelOptions {
  /** Where this provider should post call status callbacks; none are asked for when unset. */
  statusCallbackUrl?: string | undefined;
  /**
   * Our endpoint serving a call's instructions by message id (`?message_id=`), which the provider
   * asks once the call is answered, with `AnsweredBy` after detection. Used for the calls that
   * need it: a voicemail drop that hangs up on people, instructions too long to send inline.
   */
  instructionsUrl?: string | undefined;
}

/** What a call of this command says: its one audio attachment played, else its body spoken. */
export function callContent(
  command: Pick<DispatchCommand, 'body' | 'attachments' | 'voice'>,
): VoiceContent {
  const [audio] = command.attachments;
  if (audio) return { kind: 'audio', url: audio };
  return {
    kind: 'speech',
    text: command.body,
    ...(command.voice?.language ? { language: command.voice.language } : {}),
    ...(command.voice?.voice ? { voice: command.voice.voice } : {}),
  };
}

/**
 * The call a dispatch command asks for: a `voicemail` runs answering-machine detection and
 * leaves its content after the beep (`voice.on_human` says what a person gets); each attempt
 * asks for status callbacks about itself. The instructions URL is named only for calls that
 * cannot be described inline, so every other call is placed whole in one request.
 */
export function outboundCallOf(
  command: DispatchCommand,
  options: VoiceChannelOptions,
): OutboundCall {
  const content = callContent(command);
  const voicemail =
    command.type === 'voicemail' ? { onHuman: command.voice?.on_human ?? 'play' } : undefined;
  const needsUrl =
    voicemail?.onHuman === 'hangup' || voiceTwiml(content).length > MAX_INLINE_TWIML_CHARS;
  const instructionsUrl =
    needsUrl && options.instructionsUrl
      ? statusCallbackFor(options.instructionsUrl, command.message_id, command.generation)
      : undefined;
  return {
    messageId: command.message_id,
    from: command.from,
    to: command.to,
    content,
    ...(voicemail ? { voicemail } : {}),
    ...(options.statusCallbackUrl
      ? {
          statusCallbackUrl: statusCallbackFor(
            options.statusCallbackUrl,
            command.message_id,
            command.generation,
          ),
        }
      : {}),
    ...(instructionsUrl ? { instructionsUrl } : {}),
  };
}

/**
 * A voice provider as the dispatcher drives it: a dispatch command becomes the provider's call.
 *
 * @example const twilioSender = voiceChannelSender(createTwilioVoiceProvider(client), { statusCallbackUrl, instructionsUrl });
 */
export function voiceChannelSender(
  provider: VoiceProvider,
  options: VoiceChannelOptions = {},
): ChannelSender {
  return {
    name: provider.name,
    async send(command: DispatchCommand) {
      return provider.send(outboundCallOf(command, options));
    },
    classify: (err) => classifyFailure(err, provider.name),
    // After a crash mid-call: whether the provider placed the call after all, so it is not placed
    // twice.
    ...(provider.findSent
      ? {
          findSent: (command: DispatchCommand, since: Date) =>
            provider.findSent!({ from: command.from, to: command.to, since }),
        }
      : {}),
  };
}
