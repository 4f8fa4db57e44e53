import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsObject, ValidateNested } from 'class-validator';
import { Omittable } from '../../../../libs/contracts/src/formats';

/** A Temporal payload as the Web UI sends it: protobuf JSON, bytes in base64. */
export class JsonPayload {
  @ApiProperty({ required: false, description: 'Metadata, each value base64' })
  @Omittable()
  @IsObject()
  metadata?: Record<string, string>;

  @ApiProperty({ required: false, description: 'The bytes, base64' })
  @Omittable()
  @IsBase64()
  data?: string;
}

export class CodecRequest {
  @ApiProperty({ type: [JsonPayload] })
  @IsArray()
  // A workflow's history page never needs more; a bound keeps one request's work bounded.
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => JsonPayload)
  payloads!: JsonPayload[];
}
