import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { InvalidToken, TokenVerifier } from './application/ports/token-verifier.js';
import { JoseTokenVerifier } from './infrastructure/jose-token-verifier.js';
import { AccessGuard } from './interface/http/access.guard.js';
import { SessionController } from './interface/http/session.controller.js';

/** No verifier without AUTH_MODE=jwt: every token is refused, and the guard never asks. */
class NoTokens extends TokenVerifier {
  override verify(): Promise<never> {
    return Promise.reject(new InvalidToken('this service takes no tokens'));
  }
}

/** Who may do what: the token verifier, the guard on every route, and the session cookie for browsers. */
@Global()
@Module({
  controllers: [SessionController],
  providers: [
    {
      provide: TokenVerifier,
      inject: [AppConfig],
      useFactory: ({ access }: AppConfig) => (access.mode === 'jwt' ? new JoseTokenVerifier(access) : new NoTokens()),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenVerifier],
})
export class AccessModule {}
