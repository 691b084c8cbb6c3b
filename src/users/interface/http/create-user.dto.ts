import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsEmailAddress } from './is-email-address.js';
import { Trim } from './trim.js';

export class CreateUserDto {
  @ApiProperty({ example: 'ann@example.com', maxLength: 254, description: 'stored trimmed and lower-cased; unique' })
  @Trim()
  @IsString()
  @MaxLength(254)
  @IsEmailAddress()
  readonly email!: string;

  @ApiProperty({ example: 'Ann', minLength: 1, maxLength: 100, description: 'stored trimmed' })
  @Trim()
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\0\p{Cs}]*$/u, { message: 'name must not contain NUL characters or unpaired surrogates' })
  readonly name!: string;
}
