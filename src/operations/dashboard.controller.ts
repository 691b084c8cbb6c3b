import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NoTokenNeeded } from '../access/interface/http/require-scope.decorator.js';

// public/ at the project root (built by npm run build:dashboard): the same two levels up from src/operations and dist/operations.
const PAGE = fileURLToPath(new URL('../../public/index.html', import.meta.url));

/** The dashboard: one static page that speaks only the public API, as any client would. */
@ApiTags('operations')
@NoTokenNeeded()
@Controller()
export class DashboardController {
  // Read on first request, not at start-up: a service built without its dashboard still serves the API.
  private page: string | null = null;

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The dashboard: a page that creates users and shows the live stream' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } })
  async show(): Promise<string> {
    this.page ??= await readFile(PAGE, 'utf8').catch(() => null);
    if (this.page === null) throw new ServiceUnavailableException('the dashboard is not built: run npm run build:dashboard');
    return this.page;
  }
}
