import { announcedApps, natsPasswordSettings } from './start.phase';

describe('announcedApps', () => {
  it("reads every app and its port from `npm start`'s banner", () => {
    const banner = `Switchboard is running.
  API            http://localhost:41235/api/v1   (docs: http://localhost:41235/api/v1/docs)
  console        http://localhost:41235/console/
  sandbox        http://localhost:40001/sandbox/messages
  provider-sandbox      http://localhost:40001/health
  conversation-service  http://localhost:40002/health
  gateway               http://localhost:41235/health
  voice-dispatcher      http://localhost:40008/health

Try:
  curl -s -X POST http://localhost:41235/api/v1/messages/send -H 'content-type: application/json' \\
    -d '{"from":"+15551234567","to":"+15559876543","type":"sms","body":"Hello"}'

Ctrl-C stops everything.`;
    expect(announcedApps(banner)).toEqual({
      'provider-sandbox': 40001,
      'conversation-service': 40002,
      gateway: 41235,
      'voice-dispatcher': 40008,
    });
  });

  it('finds none in other output', () => {
    expect(announcedApps('{"level":"info","msg":"gateway ready"}\n')).toEqual({});
  });
});

describe('natsPasswordSettings', () => {
  it("sets each user's password where the stack reads it", () => {
    expect(
      natsPasswordSettings({
        admin: { user: 'admin', password: 'a' },
        'conversation-service': { user: 'conversation-service', password: 'c' },
        gateway: undefined,
      }),
    ).toEqual({ NATS_ADMIN_PASSWORD: 'a', NATS_CONVERSATION_SERVICE_PASSWORD: 'c' });
  });
});
