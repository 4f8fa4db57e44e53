import { Module } from '@nestjs/common';
import { serviceLevelsFrom } from '../../../../libs/domain/src/service-levels';
import { RecordModule } from '../../../../libs/record/src/record.module';
import { TemporalClientModule } from '../../../../libs/temporal/src/temporal-client.module';
import { OrdersModule } from '../orders/orders.module';
import { VariationListService } from './variation-list.service';
import { VariationsController } from './variations.controller';
import { SERVICE_LEVELS, VariationsService } from './variations.service';

@Module({
  imports: [TemporalClientModule, RecordModule, OrdersModule],
  controllers: [VariationsController],
  // R16: the service levels are read once at start; a bad SLA_* variable stops the app, named.
  providers: [
    VariationsService,
    VariationListService,
    { provide: SERVICE_LEVELS, useFactory: () => serviceLevelsFrom(process.env) },
  ],
  exports: [VariationsService, VariationListService, RecordModule, OrdersModule],
})
export class VariationsModule {}
