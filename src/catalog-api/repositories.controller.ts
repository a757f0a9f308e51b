import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { idParam } from '../common/id-param';
import { pageOf } from '../common/pagination.dto';
import { CreateRepositoryDto, ListRepositoriesQuery, RepositoryListResponse, RepositoryResponse, UpdateRepositoryDto } from '../catalog/dto/repository.dto';
import { RepositoriesService } from '../catalog/repositories.service';
import { RecordOrigins } from './record-origins.service';

/** Every /repositories route: where backups are stored (imported from the appliance in appliance mode). */
@ApiTags('repositories')
@Controller('repositories')
export class RepositoriesController {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly origins: RecordOrigins,
  ) {}

  @Post()
  @ApiErrors(400, 409)
  createRepository(@Body() dto: CreateRepositoryDto): Promise<RepositoryResponse> {
    return this.repositories.create(dto);
  }

  @Get()
  @ApiErrors(400)
  async listRepositories(@Query() query: ListRepositoriesQuery): Promise<RepositoryListResponse> {
    const { items, total } = await this.repositories.list(pageOf(query));
    return { repositories: await this.origins.of(items), total };
  }

  @Get(':id')
  @ApiErrors(400, 404)
  async getRepository(@Param('id', idParam) id: number): Promise<RepositoryResponse> {
    return this.origins.one(await this.repositories.get(id));
  }

  @Put(':id')
  @ApiErrors(400, 404, 409)
  updateRepository(@Param('id', idParam) id: number, @Body() dto: UpdateRepositoryDto): Promise<RepositoryResponse> {
    return this.repositories.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 404, 409)
  deleteRepository(@Param('id', idParam) id: number): Promise<void> {
    return this.repositories.delete(id);
  }
}
