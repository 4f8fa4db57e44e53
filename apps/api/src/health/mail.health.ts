import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Mailer } from '../../../../libs/notifications/src';
import type { ComponentHealth } from './health';

/** Up when the mail relay answers an SMTP handshake. */
@Injectable()
export class MailHealth implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  async check(): Promise<ComponentHealth> {
    return (await this.mailer.verify())
      ? { status: 'UP' }
      : { status: 'DOWN', details: 'The mail relay does not answer' };
  }

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
