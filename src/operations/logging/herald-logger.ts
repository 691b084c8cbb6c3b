import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

// Nest's own start-up chatter (a line per module and per route): useful when debugging, noise otherwise.
const BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's logger on pino (nestjs-pino: within a request, each line carries its request id), with Nest's boot lines moved down to debug. */
@Injectable()
export class HeraldLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && BOOT_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
