import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { Contacts, type RecordedContact } from './contacts';
import { People, type StandInPerson } from './people';

// The admin API is for tests and demos: no authentication. It is safe only because the stand-in
// listens on 127.0.0.1 (stand-in-settings.ts), never on a public interface.

@Controller()
export class AdminController {
  constructor(
    private readonly people: People,
    private readonly contacts: Contacts,
  ) {}

  /** Puts a person in nDelius as given (a new one, or a change to one: a court amendment, say). */
  @Put('admin/people/:crn')
  @HttpCode(204)
  seed(@Param('crn') crn: string, @Body() person: StandInPerson): void {
    this.people.seed({ ...person, case: { ...person.case, crn } });
  }

  @Get('admin/contacts')
  recordedContacts(): RecordedContact[] {
    return this.contacts.all();
  }
}
