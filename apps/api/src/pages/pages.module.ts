import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EncryptedSessionStore } from '../../../../libs/security/src/session-store';
import { PageSessions } from '../../../../libs/security/src/page-session';
import { MiModule } from '../mi/mi.module';
import { VariationsModule } from '../variations/variations.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { CasesController } from './cases/cases.controller';
import { StaffCases } from './cases/staff-cases.service';
import { JourneyAnswersSession } from './journey/journey-answers';
import { JourneyController } from './journey/journey.controller';
import { pageProviders } from './page-providers';
import { SignInController } from './sign-in/sign-in.controller';
import { WaitingController } from './waiting/waiting.controller';

/**
 * The GOV.UK pages for people, on the services the API uses. Global because the app's AuthGuard
 * reads the page sessions.
 */
@Global()
@Module({
  imports: [VariationsModule, MiModule],
  controllers: [SignInController, JourneyController, CasesController, WaitingController, DashboardController],
  providers: [...pageProviders, StaffCases, JourneyAnswersSession],
  exports: [PageSessions],
})
export class PagesModule implements OnApplicationShutdown {
  constructor(private readonly sessionStore: EncryptedSessionStore) {}

  // Stops its pruning; the pool is the record's, which closes it.
  async onApplicationShutdown(): Promise<void> {
    await this.sessionStore.close();
  }
}
