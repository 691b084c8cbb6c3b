import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NoTokenNeeded } from '../access/interface/http/require-scope.decorator.js';

// public/ at the project root: the same two levels up from src/operations and dist/operations.
const PAGE = fileURLToPath(new URL('../../public/index.html', import.meta.url));

/** The dashboard: one static page that speaks only the public API, as any client would. */
@ApiExcludeController()
@NoTokenNeeded()
@Controller()
export class DashboardController {
  private readonly page = readFileSync(PAGE, 'utf8');

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  show(): string {
    return this.page;
  }
}
