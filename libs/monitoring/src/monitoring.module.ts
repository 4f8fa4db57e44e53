import { Controller, type DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../security/src/auth.guard';
import { type BuildInfo, buildInfo } from './build-info';

const BUILD_INFO = Symbol('BuildInfo');

/**
 * GET /ping and GET /info, as HMPPS's monitoring library gives them to Express apps: /ping for
 * liveness, touching nothing; /info for the build. Each app's own /health says what it depends on.
 */
@ApiTags('operations')
@Controller()
class MonitoringController {
  constructor(@Inject(BUILD_INFO) private readonly info: () => BuildInfo) {}

  @Get('ping')
  @Public()
  @ApiOperation({ summary: 'Liveness: answers while the process does, asking nothing else' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['UP'] } } } })
  ping(): { status: 'UP' } {
    return { status: 'UP' };
  }

  @Get('info')
  @Public()
  @ApiOperation({ summary: 'The build: name, version, git commit and branch, when this process started' })
  @ApiOkResponse({ description: '{ build: { name, version }, git: { commit, branch }, startedAt, uptime }' })
  buildInfo(): BuildInfo {
    return this.info();
  }
}

@Module({})
export class MonitoringModule {
  static forApp(name: string): DynamicModule {
    return {
      module: MonitoringModule,
      controllers: [MonitoringController],
      providers: [{ provide: BUILD_INFO, useValue: buildInfo(name) }],
    };
  }
}
