import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NoTokenNeeded } from '../access/interface/http/require-scope.decorator.js';

// public/ at the project root: the same two levels up from src/operations and dist/operations.
const PAGE = fileURLToPath(new URL('../../public/index.html', import.meta.url));

/** The dashboard: one static page that speaks only the public API, as any client would. */
@ApiTags('operations')
@NoTokenNeeded()
@Controller()
export class DashboardController {
  private readonly page = readFileSync(PAGE, 'utf8');

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The dashboard: a page that creates users and shows the live stream' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } })
  show(): string {
    return this.page;
  }
}
