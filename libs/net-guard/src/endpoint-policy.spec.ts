import { endpointUrlReason, resolveEndpoint, UnsafeEndpointError } from './index';

const production = { requireHttps: true, allowPrivate: false };
const development = { requireHttps: false, allowPrivate: true };

describe('endpointUrlReason', () => {
  it.each([
    'https://169.254.169.254/latest/meta-data',
    'http://169.254.169.254/',
    'https://0xa9fea9fe/',
    'https://[fd00:ec2::254]/',
    'https://[::ffff:169.254.169.254]/',
    'https://[fe80::1]/',
  ])('refuses %s always, even in development', (url) => {
    expect(endpointUrlReason(url, development)).toMatch(/link-local|metadata/);
    expect(endpointUrlReason(url, production)).toBeDefined();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:3000/',
    'http://10.0.0.5/',
    'http://[::1]/',
  ])('accepts %s in development only', (url) => {
    expect(endpointUrlReason(url, development)).toBeUndefined();
    expect(endpointUrlReason(url, production)).toBeDefined();
    expect(endpointUrlReason(url.replace('http:', 'https:'), { ...production })).toBeDefined();
  });

  it('requires https in production and refuses credentials and other schemes', () => {
    expect(endpointUrlReason('http://hooks.example.com/', production)).toBe('must use https');
    expect(endpointUrlReason('https://hooks.example.com/', production)).toBeUndefined();
    expect(endpointUrlReason('https://u:p@hooks.example.com/', production)).toBe(
      'must not carry credentials',
    );
    expect(endpointUrlReason('ftp://hooks.example.com/', development)).toBe(
      'must use http or https',
    );
    expect(endpointUrlReason('not a url', development)).toBe('not a URL');
  });
});

describe('resolveEndpoint', () => {
  it('refuses a public-looking name that resolves to a refused address', async () => {
    const lookup = async () => ['93.184.215.14', '169.254.169.254'];
    await expect(
      resolveEndpoint('https://hooks.example.com/', development, lookup),
    ).rejects.toThrow(UnsafeEndpointError);
    const privateOnly = async () => ['10.1.2.3'];
    await expect(
      resolveEndpoint('https://hooks.example.com/', production, privateOnly),
    ).rejects.toThrow(/resolves to a private address/);
    await expect(
      resolveEndpoint('https://hooks.example.com/', development, privateOnly),
    ).resolves.toEqual(['10.1.2.3']);
  });

  it('refuses a name that does not resolve', async () => {
    const lookup = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(resolveEndpoint('https://nowhere.example/', production, lookup)).rejects.toThrow(
      /does not resolve/,
    );
  });
});
