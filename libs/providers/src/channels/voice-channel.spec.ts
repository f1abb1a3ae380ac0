import { randomUUID } from 'node:crypto';
import type { DispatchCommand } from '@switchboard/contracts';
import type { OutboundCall, VoiceProvider } from '../voice-provider';
import { outboundCallOf, voiceChannelSender } from './voice-channel';

const URLS = {
  statusCallbackUrl: 'https://hooks.test/api/v1/webhooks/twilio/calls/status',
  instructionsUrl: 'https://hooks.test/api/v1/webhooks/twilio/calls/instructions',
};

const command = (overrides: Partial<DispatchCommand> = {}): DispatchCommand => ({
  message_id: randomUUID(),
  tenant_id: 'tenant-voice-channel-spec',
  conversation_id: randomUUID(),
  category: 'marketing',
  type: 'voice',
  from: '+15551234567',
  to: '+15559876543',
  subject: null,
  body: 'Your table is ready',
  attachments: [],
  accepted_at: new Date().toISOString(),
  sequence: 1,
  generation: 1,
  voice: { language: 'en-US', voice: 'alice', on_human: 'play' },
  ...overrides,
});

describe('outboundCallOf', () => {
  it('speaks the body with its voice, asking for callbacks about this attempt, inline', () => {
    const call = command();
    expect(outboundCallOf(call, URLS)).toEqual({
      messageId: call.message_id,
      from: call.from,
      to: call.to,
      content: { kind: 'speech', text: call.body, language: 'en-US', voice: 'alice' },
      statusCallbackUrl: `${URLS.statusCallbackUrl}?message_id=${call.message_id}&generation=1`,
    });
  });

  it('plays the first attachment instead of speaking', () => {
    const call = command({ attachments: ['https://cdn.test/notice.mp3'] });
    expect(outboundCallOf(call, {}).content).toEqual({
      kind: 'audio',
      url: 'https://cdn.test/notice.mp3',
    });
  });

  it('runs a voicemail drop with detection; one that hangs up on people reads its instructions from our URL', () => {
    const play = command({ type: 'voicemail', voice: { on_human: 'play' } });
    expect(outboundCallOf(play, URLS)).toMatchObject({ voicemail: { onHuman: 'play' } });
    expect(outboundCallOf(play, URLS).instructionsUrl).toBeUndefined();
    const hangup = command({ type: 'voicemail', voice: { on_human: 'hangup' } });
    expect(outboundCallOf(hangup, URLS)).toMatchObject({
      voicemail: { onHuman: 'hangup' },
      instructionsUrl: `${URLS.instructionsUrl}?message_id=${hangup.message_id}&generation=1`,
    });
  });
});

describe('voiceChannelSender', () => {
  const recording = (): VoiceProvider & { calls: OutboundCall[] } => {
    const calls: OutboundCall[] = [];
    return {
      name: 'recording',
      calls,
      async send(call) {
        calls.push(call);
        return { provider: 'recording', providerMessageId: `CA${calls.length}` };
      },
    };
  };

  it('places the call once the sender may call from its number', async () => {
    const provider = recording();
    const sender = voiceChannelSender(provider, URLS);
    expect(await sender.send(command())).toEqual({
      provider: 'recording',
      providerMessageId: 'CA1',
    });
    expect(provider.calls).toHaveLength(1);
  });
});
