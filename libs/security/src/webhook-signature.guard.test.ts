import type { ExecutionContext } from '@nestjs/common';
import { UnauthorizedException } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { WebhookSecrets, WebhookSignatureGuard } from './webhook-signature.guard';

const secret = (fill: string) => `whsec_${Buffer.from(fill.repeat(32)).toString('base64')}`;
const [OLD, NEW, OTHER] = [secret('a'), secret('b'), secret('c')];
const json = JSON.stringify({ type: 'variation.confirmed', data: {} });

function request(signedWith: string, at = new Date(), body = json): ExecutionContext {
  const headers = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(signedWith).sign('msg_1', at, body),
  };
  return {
    switchToHttp: () => ({ getRequest: () => ({ headers, rawBody: Buffer.from(body) }) }),
  } as ExecutionContext;
}

describe('webhook signatures (Standard Webhooks)', () => {
  const guard = new WebhookSignatureGuard(new WebhookSecrets(`${OLD}, ${NEW}`));

  it('accepts either secret while one is being rotated', () => {
    expect(guard.canActivate(request(OLD))).toBe(true);
    expect(guard.canActivate(request(NEW))).toBe(true);
  });

  it('refuses any other secret, and a timestamp more than five minutes off either way', () => {
    expect(() => guard.canActivate(request(OTHER))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(request(NEW, new Date(Date.now() - 6 * 60_000)))).toThrow(
      UnauthorizedException,
    );
    expect(() => guard.canActivate(request(NEW, new Date(Date.now() + 6 * 60_000)))).toThrow(
      UnauthorizedException,
    );
  });

  it('passes a signed body that is not JSON on, for the controller to refuse (400); unsigned, 401', () => {
    const notJson = '{"type": "variation.confirmed", "data": ';
    expect(guard.canActivate(request(NEW, new Date(), notJson))).toBe(true);
    expect(() => guard.canActivate(request(OTHER, new Date(), notJson))).toThrow(UnauthorizedException);
  });
});
