import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { NotFoundProblem } from './problem.exception';

/** A path id that is not a UUID names nothing: 404, the same answer as a missing record. */
@Injectable()
export class UuidOr404Pipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundProblem(this.what, value.slice(0, 64));
    return value;
  }
}
