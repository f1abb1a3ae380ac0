import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parsePlainForm } from './form-body';

// What express's own form parser makes of a body: the reading parsePlainForm must match.
let server: Server;
let origin: string;
beforeAll(async () => {
  const app = express();
  app.post('/', express.urlencoded({ extended: false }), (req, res) => void res.json(req.body));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function expressReads(body: string): Promise<unknown> {
  const res = await fetch(origin, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return res.json();
}

describe('parsePlainForm', () => {
  it.each([
    'To=%2B15551230001&From=%2B15559870000&Body=Hello&StatusCallback=https%3A%2F%2Fhooks.test%2Ft%3Fa%3D1%26b%3D2',
    'To=+15551230001&Body=a+b+%2B+c',
    'MediaUrl=https%3A%2F%2Fcdn.test%2Fa.png&MediaUrl=b&Body=x&MediaUrl=c',
    'Body=&To=1&Flag',
    'Body=%E2%9C%93%20done%F0%9F%98%80',
    'Body=100%25&Note=%ZZbad%&Other=%E2%9C',
    'Body=a=b=c&To=x',
  ])('reads %j as express.urlencoded does', async (body) => {
    expect(parsePlainForm(body)).toEqual(await expressReads(body));
  });

  it('reads the forms the providers SDKs send', () => {
    expect(
      parsePlainForm('To=%2B15551230001&From=Switchboard&Body=a+b&MediaUrl=u1&MediaUrl=u2'),
    ).toEqual({ To: '+15551230001', From: 'Switchboard', Body: 'a b', MediaUrl: ['u1', 'u2'] });
    expect(parsePlainForm('Body=100%25&Note=%ZZ')).toEqual({ Body: '100%', Note: '%ZZ' });
  });

  it.each([
    ['brackets in a key', 'To=1&Extra[a]=2'],
    ['encoded brackets', 'To=1&Body=%5Bx%5D'],
    ['a key that is not a plain word', 'To=1&Media-Url=2'],
    ['an empty key', 'To=1&=2'],
    ['an empty parameter', 'To=1&&Body=2'],
    ['a key of every object', 'To=1&toString=2'],
    ['the prototype key', 'To=1&__proto__=2'],
    ['a byte order mark', '\ufeffTo=1'],
    ['more than 1,000 parameters', Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join('&')],
    ['nothing', ''],
  ])('leaves a form with %s to express', (_case, body) => {
    expect(parsePlainForm(body)).toBeUndefined();
  });
});
