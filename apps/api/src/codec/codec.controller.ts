import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { AuditSink } from '../../../../libs/audit/src/audit';
import { ROLES } from '../../../../libs/domain/src/variation';
import { CurrentUser, Roles, SessionAccepted } from '../../../../libs/security/src/auth.guard';
import type { StaffUser } from '../../../../libs/security/src/staff-user';
import { CodecRequest, type JsonPayload } from './codec.dto';

export const PAYLOAD_CODEC = Symbol('PayloadCodec');

/**
 * The codec endpoint of the Temporal Web UI (Temporal's "remote codec"): the UI sends the encrypted
 * payloads of a history it shows and gets them back readable. Only an admin may, and each use is
 * audited as a view of personal data (R17).
 */
@ApiTags('operations')
@ApiBearerAuth()
@ApiBadRequestResponse({
  description: 'INVALID_REQUEST, or INVALID_PAYLOAD naming a payload that cannot be read',
})
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no bearer token or session, or not a valid one' })
@ApiForbiddenResponse({ description: 'FORBIDDEN: for admins only' })
@Controller('codec')
@Roles(ROLES.admin)
@SessionAccepted()
export class CodecController {
  constructor(
    @Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec,
    private readonly audit: AuditSink,
  ) {}

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decrypt payloads for the Temporal Web UI' })
  @ApiOkResponse({ type: CodecRequest })
  async decode(@Body() request: CodecRequest, @CurrentUser() user: StaffUser): Promise<CodecRequest> {
    const payloads = await this.each(request.payloads, (payload) => this.codec.decode([payload]));
    this.audit.record({
      who: user.username,
      what: 'VIEW',
      why: `Temporal Web UI: ${payloads.length} payloads decoded`,
    });
    return { payloads };
  }

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads the Temporal Web UI sends (e.g. a signal it starts)' })
  @ApiOkResponse({ type: CodecRequest })
  async encode(@Body() request: CodecRequest): Promise<CodecRequest> {
    return { payloads: await this.each(request.payloads, (payload) => this.codec.encode([payload])) };
  }

  /** One at a time, so a payload that cannot be read is named by its index in a 400. */
  private async each(payloads: JsonPayload[], convert: (payload: Payload) => Promise<Payload[]>) {
    const converted: JsonPayload[] = [];
    for (const [index, payload] of payloads.entries()) {
      try {
        converted.push(toJson((await convert(fromJson(payload)))[0]));
      } catch {
        throw new BadRequestException({
          error: 'INVALID_PAYLOAD',
          messages: [`payloads[${index}] cannot be decoded with the configured keys`],
        });
      }
    }
    return converted;
  }
}

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(String(value), 'base64')]),
    ),
    data: data === undefined ? undefined : Buffer.from(data, 'base64'),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    data: data ? Buffer.from(data).toString('base64') : undefined,
  };
}
