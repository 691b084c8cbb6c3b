import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RequireJsonMiddleware } from '../shared/interface/http/require-json.middleware.js';
import { CreateUserHandler } from './application/commands/create-user.handler.js';
import { DeleteUserHandler } from './application/commands/delete-user.handler.js';
import { RenameUserHandler } from './application/commands/rename-user.handler.js';
import { UserRepository } from './application/ports/user.repository.js';
import { UsersSnapshot } from './application/ports/users-snapshot.js';
import { UsersUnitOfWork } from './application/ports/users-unit-of-work.js';
import { GetUserHandler } from './application/queries/get-user.handler.js';
import { ListUsersHandler } from './application/queries/list-users.handler.js';
import { Database } from '../shared/infrastructure/database/database.js';
import { DrizzleUserRepository } from './infrastructure/drizzle-user.repository.js';
import { DrizzleUsersSnapshot } from './infrastructure/drizzle-users-snapshot.js';
import { DrizzleUsersUnitOfWork } from './infrastructure/drizzle-users-unit-of-work.js';
import { UsersController } from './interface/http/users.controller.js';

@Module({
  imports: [CqrsModule],
  controllers: [UsersController],
  providers: [
    CreateUserHandler,
    RenameUserHandler,
    DeleteUserHandler,
    GetUserHandler,
    ListUsersHandler,
    { provide: UserRepository, inject: [Database], useFactory: (database: Database) => new DrizzleUserRepository(database.db) },
    { provide: UsersSnapshot, inject: [Database], useFactory: (database: Database) => new DrizzleUsersSnapshot(database.db) },
    { provide: UsersUnitOfWork, useClass: DrizzleUsersUnitOfWork },
  ],
})
export class UsersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequireJsonMiddleware)
      .forRoutes({ path: 'users', method: RequestMethod.POST }, { path: 'users/*id', method: RequestMethod.PATCH });
  }
}
