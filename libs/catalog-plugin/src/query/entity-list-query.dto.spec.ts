import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../http/validation-pipe';
import { EntityListQueryDto } from './entity-list-query.dto';

/** Validates query params the way the global pipe does (strict, transforming). */
async function check(query: Record<string, unknown>) {
  const dto = plainToInstance(EntityListQueryDto, query);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return { dto, details: flattenValidationErrors(errors) };
}

describe('EntityListQueryDto', () => {
  it.each(['0', '1001', 'abc', '1.5', '-3', '20abc'])('rejects pageSize=%j', async (pageSize) => {
    const { details } = await check({ pageSize });
    expect(details).toContainEqual({
      field: 'pageSize',
      message: 'must be an integer between 1 and 1000',
    });
  });

  it.each([
    ['1', 1],
    ['1000', 1000],
    [' 25 ', 25],
  ])('accepts pageSize=%j as a number', async (pageSize, expected) => {
    const { dto, details } = await check({ pageSize });
    expect(details).toEqual([]);
    expect(dto.pageSize).toBe(expected);
  });

  it('treats blank optional parameters as absent', async () => {
    const { dto, details } = await check({ pageSize: '', sortOrder: '', orderBy: ' ' });
    expect(details).toEqual([]);
    expect(dto.pageSize).toBeUndefined();
    expect(dto.sortOrder).toBeUndefined();
    expect(dto.orderBy).toBeUndefined();
  });

  it('splits repeated and comma-separated source and sourceLabel values', async () => {
    const { dto, details } = await check({ source: ['a,b', ' c '], sourceLabel: 'team, null' });
    expect(details).toEqual([]);
    expect(dto.source).toEqual(['a', 'b', 'c']);
    expect(dto.sourceLabel).toEqual(['team', 'null']);
  });

  it('normalizes sortOrder case and rejects other values', async () => {
    expect((await check({ sortOrder: 'desc' })).dto.sortOrder).toBe('DESC');
    expect((await check({ sortOrder: 'sideways' })).details).toEqual([
      { field: 'sortOrder', message: 'must be ASC or DESC' },
    ]);
  });

  it('rejects a filterQuery longer than 4096 characters and unknown parameters', async () => {
    const { details } = await check({ filterQuery: 'x'.repeat(4097), pageToken: 'x' });
    expect(details.map((d) => d.field).sort()).toEqual(['filterQuery', 'pageToken']);
  });

  it('accepts a full, valid query', async () => {
    const { dto, details } = await check({
      filterQuery: "license = 'MIT'",
      q: 'git',
      name: 'gh%',
      namedQuery: 'small',
      pageSize: '50',
      nextPageToken: 'abc',
      orderBy: 'toolCount',
      sortOrder: 'asc',
    });
    expect(details).toEqual([]);
    expect(dto).toMatchObject({ pageSize: 50, sortOrder: 'ASC', orderBy: 'toolCount' });
  });
});
