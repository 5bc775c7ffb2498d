import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['alive'], example: 'alive' })
  status!: 'alive';

  @ApiProperty({ description: 'Seconds since the process started', example: 42.5 })
  uptime!: number;
}
