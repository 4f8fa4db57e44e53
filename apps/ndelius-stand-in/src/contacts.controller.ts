import { BadRequestException, Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { ContactRecord } from '../../../libs/ndelius/src/ndelius-case';
import { BearerTokenGuard } from '../../../libs/security/src/bearer-token.guard';
import { Contacts } from './contacts';

/** Step 7's contact: recorded once per Idempotency-Key, whose repeat answers with the same id. */
@Controller('contacts')
@UseGuards(BearerTokenGuard)
export class ContactsController {
  constructor(private readonly contacts: Contacts) {}

  @Post()
  @HttpCode(201)
  record(
    @Headers('idempotency-key') key: string | undefined,
    @Body() contact: ContactRecord & { type: string },
  ): { id: string } {
    if (!key) throw new BadRequestException({ message: 'An Idempotency-Key header is required' });
    return { id: this.contacts.record(key, contact) };
  }
}
