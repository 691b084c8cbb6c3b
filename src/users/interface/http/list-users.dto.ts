import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DecimalInteger } from './decimal-integer.js';

const LIMIT = { message: 'limit must be an integer from 1 to 100' };

export class ListUsersDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @DecimalInteger()
  @IsInt(LIMIT)
  @Min(1, LIMIT)
  @Max(100, LIMIT)
  readonly limit: number = 20;

  @ApiPropertyOptional({ description: 'nextCursor of the page before' })
  @IsOptional()
  @IsString()
  readonly cursor?: string;
}
