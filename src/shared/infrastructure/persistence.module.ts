import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../application/clock.js';
import { EventLog } from '../application/event-log.js';
import { Database } from './database/database.js';
import { DrizzleEventLog } from './database/drizzle-event-log.js';
import { PgliteDatabase } from './database/pglite-database.js';
import { PostgresDatabase } from './database/postgres-database.js';
import { SystemClock } from './system-clock.js';

/** The database (PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise), the event log and the clock. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [AppConfig],
      useFactory: ({ databaseUrl, dataDir }: AppConfig): Promise<Database> =>
        databaseUrl ? PostgresDatabase.open(databaseUrl) : PgliteDatabase.open(dataDir),
    },
    { provide: EventLog, inject: [Database], useFactory: (database: Database) => new DrizzleEventLog(database.db) },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [Database, EventLog, Clock],
})
export class PersistenceModule {}
