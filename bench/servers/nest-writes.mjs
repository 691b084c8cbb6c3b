// The writes baseline: a plain NestJS 12 controller, POST /users, validating Herald's own DTO class (the
// same class-validator rules, the same ValidationPipe options, the same 16 KiB JSON body parser) and
// inserting the same row into the same table of the same engine (Herald's own migrations and PGlite
// settings), with one parameterised INSERT and no event. 409 on a taken email, as Herald answers.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, ConflictException, Controller, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CreateUserDto } from '../../dist/users/interface/http/create-user.dto.js';
import { PGLITE_START_PARAMS } from '../../dist/shared/infrastructure/database/pglite-database.js';
import { ROOT } from '../lib/stores.mjs';

const MIGRATIONS = `${ROOT}drizzle`;
const INSERT = 'INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)';

async function openStore({ dataDir, databaseUrl }) {
  if (databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
    await migrate(drizzle({ client: pool }), { migrationsFolder: MIGRATIONS });
    return { query: (sql, params) => pool.query(sql, params), close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = new PGlite(dataDir, { startParams: PGLITE_START_PARAMS }); // Herald's settings (shared_buffers)
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
  return { query: (sql, params) => client.query(sql, params), close: () => client.close() };
}

export async function start(options) {
  const store = await openStore(options);

  class UsersController {
    async create(dto) {
      const id = randomUUID();
      const email = dto.email.toLowerCase();
      const now = new Date();
      try {
        await store.query(INSERT, [id, email, dto.name, now, now]);
      } catch (error) {
        if (error?.code === '23505') throw new ConflictException('email is already taken');
        throw error;
      }
      return { id, email, name: dto.name, createdAt: now.toISOString(), updatedAt: now.toISOString() };
    }
  }
  Controller('users')(UsersController);
  Reflect.defineMetadata('design:paramtypes', [CreateUserDto], UsersController.prototype, 'create');
  Body()(UsersController.prototype, 'create', 0);
  const descriptor = Object.getOwnPropertyDescriptor(UsersController.prototype, 'create');
  Post()(UsersController.prototype, 'create', descriptor);
  Object.defineProperty(UsersController.prototype, 'create', descriptor);

  class AppModule {}
  Module({ controllers: [UsersController] })(AppModule);

  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
  app.useBodyParser('json', { limit: '16kb' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true }));
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer();
  return {
    httpServer,
    port: httpServer.address().port,
    publish() {
      throw new Error('nest-writes publishes nothing');
    },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
