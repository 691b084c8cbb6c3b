import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../../access/interface/http/require-scope.decorator.js';
import { TooManyStreamsFilter } from './too-many-streams.filter.js';

/** The controller of GET /events, whichever writer it uses: the same path, scope, refusals and OpenAPI tag. */
export const EventStreamRoute = (): ClassDecorator =>
  applyDecorators(ApiTags('events'), RequireScope('events:read'), Controller('events'), UseFilters(TooManyStreamsFilter));
