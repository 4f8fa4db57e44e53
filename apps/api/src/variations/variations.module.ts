import { Module } from '@nestjs/common';
import { TemporalClientModule } from '../../../../libs/temporal/src/temporal-client.module';
import { VariationsController } from './variations.controller';
import { VariationsService } from './variations.service';

@Module({
  imports: [TemporalClientModule],
  controllers: [VariationsController],
  providers: [VariationsService],
})
export class VariationsModule {}
