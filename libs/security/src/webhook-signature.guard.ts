import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { Webhook } from 'standardwebhooks';

/** The secrets a webhook may be signed with: more than one while a secret is being rotated. */
export class WebhookSecrets {
  readonly verifiers: Webhook[];
  constructor(secrets: string) {
    this.verifiers = secrets
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => new Webhook(s));
  }
}

/**
 * Standard Webhooks signature over the raw bytes (webhook-id, webhook-timestamp, webhook-signature),
 * with the library's five-minute timestamp tolerance. Anything unsigned or stale is a 401.
 */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  private readonly logger = new Logger('EmsWebhook');

  constructor(private readonly secrets: WebhookSecrets) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const headers = {
      'webhook-id': header(request, 'webhook-id'),
      'webhook-timestamp': header(request, 'webhook-timestamp'),
      'webhook-signature': header(request, 'webhook-signature'),
    };
    const payload = request.rawBody?.toString('utf8') ?? '';
    for (const verifier of this.secrets.verifiers) {
      try {
        // Not parsed here: a signed body that is not JSON is the controller's 400 to give.
        verifier.verify(payload, headers, { jsonParse: false });
        return true;
      } catch {
        // try the next secret
      }
    }
    this.logger.warn(
      `Refused a webhook with a missing, wrong or stale signature (webhook-id ${headers['webhook-id'] || 'none'})`,
    );
    throw new UnauthorizedException({
      error: 'INVALID_SIGNATURE',
      message: 'The webhook signature is missing or wrong, or its timestamp is more than 5 minutes off',
    });
  }
}

function header(request: Request, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
