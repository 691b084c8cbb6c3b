import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NoTokenNeeded } from '../../../access/interface/http/require-scope.decorator.js';
import { ASYNCAPI_DOCUMENT } from './asyncapi-document.js';

@ApiTags('events')
@NoTokenNeeded()
@Controller('asyncapi.json')
export class AsyncApiController {
  @Get()
  @ApiOperation({ summary: 'The AsyncAPI 3 document of GET /events: each message with its payload schema, the id and resume rules' })
  @ApiOkResponse({ description: 'an AsyncAPI 3.0.0 document', schema: { type: 'object', required: ['asyncapi', 'channels', 'components'] } })
  document(): typeof ASYNCAPI_DOCUMENT {
    return ASYNCAPI_DOCUMENT;
  }
}
