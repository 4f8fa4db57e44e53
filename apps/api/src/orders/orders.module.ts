import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NDeliusClient } from '../../../../libs/ndelius/src/ndelius-client';
import { nDeliusClient } from '../../../../libs/ndelius/src/ndelius-settings';
import { RecordModule } from '../../../../libs/record/src/record.module';
import type { ApiSettings } from '../api-settings';
import { OrdersService } from './orders.service';

/** Who may see a person, and their orders as they stand: nDelius and the record together (R18). */
@Module({
  imports: [RecordModule],
  providers: [
    {
      provide: NDeliusClient,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiSettings, true>) =>
        nDeliusClient((key) => config.get(key, { infer: true })),
    },
    OrdersService,
  ],
  exports: [OrdersService],
})
export class OrdersModule {}
