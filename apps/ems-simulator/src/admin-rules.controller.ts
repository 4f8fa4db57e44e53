import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { RuleDto } from './rule.dto';
import { type Rule, Rules } from './rules.service';

// The admin API is for tests and demos: no authentication. It is safe only because the simulator
// listens on 127.0.0.1 (main.ts), never on a public interface.

@Controller('admin/rules')
export class AdminRulesController {
  constructor(private readonly rules: Rules) {}

  /** 201 { id }: the newest matching rule decides how a notice is answered. */
  @Post()
  @HttpCode(201)
  add(@Body() rule: RuleDto): { id: string } {
    return { id: this.rules.add(rule).id };
  }

  /** The rules, newest first. */
  @Get()
  list(): readonly Rule[] {
    return this.rules.all();
  }

  @Delete()
  @HttpCode(204)
  clear(): void {
    this.rules.clear();
  }
}
