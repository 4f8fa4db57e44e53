import { Module } from '@nestjs/common';
import { VariationsModule } from '../variations/variations.module';
import { MiController } from './mi.controller';
import { MiService } from './mi.service';

@Module({
  imports: [VariationsModule],
  controllers: [MiController],
  providers: [MiService],
  exports: [MiService],
})
export class MiModule {}
