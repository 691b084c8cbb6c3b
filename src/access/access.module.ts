import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config.js';
import { InvalidToken, TokenVerifier } from './application/ports/token-verifier.js';
import { JoseTokenVerifier } from './infrastructure/jose-token-verifier.js';
import { AccessGuard } from './interface/http/access.guard.js';
import { SessionController } from './interface/http/session.controller.js';
import { WRITES } from './interface/http/write-rate-limit.guard.js';

const MINUTE_MS = 60_000;

/** No verifier without AUTH_MODE=jwt: every token is refused, and the guard never asks. */
class NoTokens extends TokenVerifier {
  override verify(): Promise<never> {
    return Promise.reject(new InvalidToken('this service takes no tokens'));
  }
}

/** Who may do what, and how much: the token verifier, the guard on every route, the session cookie for browsers, the write budget. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: ({ limits }: AppConfig) => ({
        throttlers: [{ name: WRITES, ttl: MINUTE_MS, limit: limits.writesPerMinute }],
        skipIf: () => limits.writesPerMinute === 0,
      }),
    }),
  ],
  controllers: [SessionController],
  providers: [
    {
      provide: TokenVerifier,
      inject: [AppConfig],
      useFactory: ({ access }: AppConfig) => (access.mode === 'jwt' ? new JoseTokenVerifier(access) : new NoTokens()),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier, ThrottlerModule],
})
export class AccessModule {}
