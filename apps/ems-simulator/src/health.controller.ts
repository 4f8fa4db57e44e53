import { Controller, Get } from '@nestjs/common';

/** For `npm start` and test harnesses to wait on. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
