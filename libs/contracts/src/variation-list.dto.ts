// The OpenAPI description of GET /variations's answer (api.md, list items).
import { ApiProperty } from '@nestjs/swagger';
import { STATUSES } from '../../domain/src/variation';
import type { VariationListItem } from '../../record/src/variation-list-item';

class ListedPersonDto {
  @ApiProperty({ example: 'X123456' }) crn!: string;
  @ApiProperty({ example: 'Sam' }) firstName!: string;
  @ApiProperty({ example: 'Jones' }) lastName!: string;
}

class ListedPractitionerDto {
  @ApiProperty({ example: 'Alex Smith' }) name!: string;
}

class VariationListItemDto implements VariationListItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ enum: ['ADMINISTRATIVE', 'COURT'] }) route!: string;
  @ApiProperty({ example: 'N07CEN' }) pduCode!: string;
  @ApiProperty({ type: ListedPersonDto }) person!: ListedPersonDto;
  @ApiProperty({ type: Number, nullable: true, description: "The order's nDelius event number (R18)" })
  eventNumber!: number | null;
  @ApiProperty({ enum: ['HOURS', 'ADDRESS'], isArray: true, description: 'What it changes (R4)' })
  changes!: ('HOURS' | 'ADDRESS')[];
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: ListedPractitionerDto }) practitioner!: ListedPractitionerDto;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'When its step is due (R16)' })
  dueBy!: string | null;
}

export class VariationListDto {
  @ApiProperty({ type: [VariationListItemDto], description: 'Newest first' })
  items!: VariationListItemDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Give it as pageToken for the next page; null on the last',
  })
  nextPageToken!: string | null;
}
