import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FlowSummaryResponse } from './dto/flow-summary.dto';
import { FlowSummaryService } from './flow-summary.service';

@ApiTags('protection-flows')
@Controller('protection-flows')
export class FlowSummaryController {
  constructor(private readonly summary: FlowSummaryService) {}

  /** Flows by state, and today's runs ("today" = since 00:00 UTC). */
  @Get('summary')
  getFlowSummary(): Promise<FlowSummaryResponse> {
    return this.summary.summary();
  }
}
