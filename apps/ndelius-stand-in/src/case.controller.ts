import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import type { CaseAccess, NDeliusCase } from '../../../libs/ndelius/src/ndelius-case';
import { BearerTokenGuard } from '../../../libs/security/src/bearer-token.guard';
import { People } from './people';

/** The curfew-variations-and-delius read API (api.md, "nDelius"). */
@Controller()
@UseGuards(BearerTokenGuard)
export class CaseController {
  constructor(private readonly people: People) {}

  @Get('case/:crn')
  caseOf(@Param('crn') crn: string): NDeliusCase {
    const person = this.people.find(crn);
    if (!person) throw new NotFoundException({ message: `No case with CRN ${crn}` });
    return person.case;
  }

  @Get('users/:username/access/:crn')
  accessOf(@Param('username') username: string, @Param('crn') crn: string): CaseAccess {
    if (!this.people.find(crn)) throw new NotFoundException({ message: `No case with CRN ${crn}` });
    return this.people.accessOf(username, crn);
  }
}
