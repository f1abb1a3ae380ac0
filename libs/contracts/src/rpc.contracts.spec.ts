import { RpcContracts } from './rpc.contracts';
import { CHANNELS, CONVERSATION_CHANNEL, Rpc, channelOf } from './subjects';

describe('the RPC contract table', () => {
  it('has one contract per request/reply subject, under the same name', () => {
    expect(Object.keys(RpcContracts).sort()).toEqual(Object.keys(Rpc).sort());
    for (const [name, contract] of Object.entries(RpcContracts)) {
      expect(contract.subject).toBe(Rpc[name as keyof typeof Rpc]);
    }
  });

  it('checks both directions: a request missing its tenant and a reply of another shape fail', () => {
    const id = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';
    expect(RpcContracts.getMessage.request.safeParse({ id }).success).toBe(false);
    expect(RpcContracts.getMessage.request.safeParse({ tenant_id: 't', id }).success).toBe(true);
    expect(RpcContracts.getTenant.reply.safeParse({ data: [], next_cursor: null }).success).toBe(
      false,
    );
  });
});

describe('channelOf', () => {
  it('sends SMS and MMS on the sms channel, calls on the voice channel, email on its own; threads calls with texts', () => {
    expect(channelOf('sms')).toBe('sms');
    expect(channelOf('mms')).toBe('sms');
    expect(channelOf('email')).toBe('email');
    expect(channelOf('voice')).toBe('voice');
    expect(channelOf('voicemail')).toBe('voice');
    expect(CHANNELS.map((c) => CONVERSATION_CHANNEL[c])).toEqual(['phone', 'email', 'phone']);
  });
});
