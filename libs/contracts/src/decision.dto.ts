import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { APPROVAL_DECISIONS, TRIAGE_DECISIONS } from '../../domain/src/variation';

/** The body of a decision on one step: which decision, and a reason where R13 needs one. */
function decisionBody<D extends string>(decisions: readonly D[]) {
  class DecisionBody {
    @ApiProperty({ enum: decisions })
    @IsIn(decisions, { message: `decision must be one of ${decisions.join(', ')}` })
    decision!: D;

    @ApiPropertyOptional({ description: 'Required to return or reject (R13)' })
    @ValidateIf(
      (o: DecisionBody) => o.decision === 'RETURN' || o.decision === 'REJECT' || o.reason !== undefined,
    )
    @IsString()
    @IsNotEmpty({ message: 'reason is required to return or reject (R13)' })
    @MaxLength(2000)
    reason?: string;
  }
  return DecisionBody;
}

export class TriageDecisionDto extends decisionBody(TRIAGE_DECISIONS) {}
export class ApprovalDecisionDto extends decisionBody(APPROVAL_DECISIONS) {}
