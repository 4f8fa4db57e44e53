import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Mailer } from '../../../../libs/notifications/src';

/** Up when the mail relay answers an SMTP handshake. */
@Injectable()
export class MailHealthIndicator implements OnApplicationShutdown {
  constructor(
    @Inject(Mailer) private readonly mailer: Mailer,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('mail');
    return (await this.mailer.verify())
      ? indicator.up()
      : indicator.down({ message: 'The mail relay does not answer' });
  }

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
