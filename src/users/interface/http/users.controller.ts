import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CreateUserCommand } from '../../application/commands/create-user.command.js';
import { DeleteUserCommand } from '../../application/commands/delete-user.command.js';
import { RenameUserCommand } from '../../application/commands/rename-user.command.js';
import { GetUserQuery } from '../../application/queries/get-user.query.js';
import { ListUsersQuery } from '../../application/queries/list-users.query.js';
import { CreateUserDto } from './create-user.dto.js';
import { ListUsersDto } from './list-users.dto.js';
import { RenameUserDto } from './rename-user.dto.js';
import { UserPageResponse, UserResponse } from './user.response.js';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: 400 });

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  async create(@Body() { email, name }: CreateUserDto): Promise<UserResponse> {
    return new UserResponse(await this.commands.execute(new CreateUserCommand(email, name)));
  }

  @Get()
  async list(@Query() { limit, cursor }: ListUsersDto): Promise<UserPageResponse> {
    return new UserPageResponse(await this.queries.execute(new ListUsersQuery(limit, cursor ?? null)));
  }

  @Get(':id')
  async get(@Param('id', uuid) id: string): Promise<UserResponse> {
    return new UserResponse(await this.queries.execute(new GetUserQuery(id)));
  }

  @Patch(':id')
  async rename(@Param('id', uuid) id: string, @Body() { name }: RenameUserDto): Promise<UserResponse> {
    return new UserResponse(await this.commands.execute(new RenameUserCommand(id, name)));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', uuid) id: string): Promise<void> {
    await this.commands.execute(new DeleteUserCommand(id));
  }
}
