import { Controller, Get } from '@nestjs/common';

/** Readiness: the simulator keeps everything in memory, so it is ready once it answers. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'UP' } {
    return { status: 'UP' };
  }
}
