import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../../access/application/principal.js';
import { Caller } from '../../../access/interface/http/request-principal.js';
import { RequireScope } from '../../../access/interface/http/require-scope.decorator.js';
import { ApiErrors } from '../../../shared/interface/http/api-errors.js';
import { LimitWrites } from '../../../access/interface/http/write-rate-limit.guard.js';
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

const NOT_FOUND = [404, 'no user has this id'] as const;
const BAD_ID = [400, 'the id is not a UUID, or the body is invalid'] as const;

/** A user's email only for a caller who may read users, whatever route answers. */
const shown = (caller: Principal) => ({ withEmail: caller.may('users:read') });

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireScope('users:write')
  @LimitWrites()
  @ApiCreatedResponse({ type: UserResponse, description: 'the user; emits user.created' })
  @ApiErrors(400, [409, 'the email is taken (case-insensitive)'], 413, 415, 429, 503)
  async create(@Body() { email, name }: CreateUserDto, @Caller() caller: Principal): Promise<UserResponse> {
    return new UserResponse(await this.commands.execute(new CreateUserCommand(email, name)), shown(caller));
  }

  @Get()
  @RequireScope('users:read')
  @ApiOkResponse({ type: UserPageResponse, description: 'a page of users, newest first' })
  @ApiErrors([400, 'a bad limit, or a cursor this service did not issue'], 503)
  async list(@Query() { limit, cursor }: ListUsersDto, @Caller() caller: Principal): Promise<UserPageResponse> {
    return new UserPageResponse(await this.queries.execute(new ListUsersQuery(limit, cursor ?? null)), shown(caller));
  }

  @Get(':id')
  @RequireScope('users:read')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors([400, 'the id is not a UUID'], NOT_FOUND, 503)
  async get(@Param('id', uuid) id: string, @Caller() caller: Principal): Promise<UserResponse> {
    return new UserResponse(await this.queries.execute(new GetUserQuery(id)), shown(caller));
  }

  @Patch(':id')
  @RequireScope('users:write')
  @LimitWrites()
  @ApiOkResponse({ type: UserResponse, description: 'the user; emits user.renamed' })
  @ApiErrors(BAD_ID, NOT_FOUND, 413, 415, 429, 503)
  async rename(@Param('id', uuid) id: string, @Body() { name }: RenameUserDto, @Caller() caller: Principal): Promise<UserResponse> {
    return new UserResponse(await this.commands.execute(new RenameUserCommand(id, name)), shown(caller));
  }

  @Delete(':id')
  @RequireScope('users:write')
  @LimitWrites()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted; emits user.deleted, and its earlier events lose their email' })
  @ApiErrors([400, 'the id is not a UUID'], NOT_FOUND, 429, 503)
  async delete(@Param('id', uuid) id: string): Promise<void> {
    await this.commands.execute(new DeleteUserCommand(id));
  }
}
