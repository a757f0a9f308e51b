import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { DetachQuery } from './dto/delete.dto';
import { idParam } from '../common/id-param';
import { pageOf } from '../common/pagination.dto';
import { CreatePolicyDto, ListPoliciesQuery, PolicyListResponse, PolicyResponse, UpdatePolicyDto } from './dto/policy.dto';
import { PoliciesService } from './policies.service';

@ApiTags('policies')
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Post()
  @ApiErrors(400, 409, 422)
  createPolicy(@Body() dto: CreatePolicyDto): Promise<PolicyResponse> {
    return this.policies.create(dto);
  }

  @Get()
  @ApiErrors(400)
  async listPolicies(@Query() query: ListPoliciesQuery): Promise<PolicyListResponse> {
    const { items, total } = await this.policies.list(pageOf(query));
    return { policies: items, total };
  }

  @Get(':id')
  @ApiErrors(400, 404)
  getPolicy(@Param('id', idParam) id: number): Promise<PolicyResponse> {
    return this.policies.get(id);
  }

  @Put(':id')
  @ApiErrors(400, 404, 409, 422)
  updatePolicy(@Param('id', idParam) id: number, @Body() dto: UpdatePolicyDto): Promise<PolicyResponse> {
    return this.policies.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 404, 409)
  deletePolicy(@Param('id', idParam) id: number, @Query() query: DetachQuery, @Actor() actor: string): Promise<void> {
    return this.policies.delete(id, { detach: query.detach ?? false, actor });
  }
}
