import { PickType } from '@nestjs/swagger';
import { CreateUserDto } from './create-user.dto.js';

export class RenameUserDto extends PickType(CreateUserDto, ['name'] as const) {}
