import { InvalidArgumentError } from '../errors/catalog-errors';
import { decodePageToken, encodePageToken, listFingerprint } from './keyset-cursor';
import type { ListOrdering } from './list-ordering';

const BY_NAME: ListOrdering = {
  key: 'NAME',
  column: 'name',
  sqlType: 'text',
  nullable: false,
  direction: 'ASC',
};
const BY_SCORE: ListOrdering = {
  key: 'score',
  column: 'score',
  sqlType: 'double precision',
  nullable: true,
  direction: 'DESC',
};

const base = { table: 't', orderBy: 'NAME', sortOrder: 'ASC' };

describe('keyset cursor tokens', () => {
  it('round-trips the cursor and is URL-safe', () => {
    const token = encodePageToken({ sortValue: 'a/b+c é', id: '42' }, 'fp');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, 'fp', BY_NAME)).toEqual({ sortValue: 'a/b+c é', id: '42' });
  });

  it('carries NULL sort values only for nullable orderings', () => {
    const token = encodePageToken({ sortValue: null, id: '7' }, 'fp');
    expect(decodePageToken(token, 'fp', BY_SCORE)).toEqual({ sortValue: null, id: '7' });
    expect(() => decodePageToken(token, 'fp', BY_NAME)).toThrow(InvalidArgumentError);
  });

  it('accepts PostgreSQL float text and rejects anything else for a float ordering', () => {
    for (const value of ['1.5', '-2', '1e+100', '1.25e-07', 'NaN', '-Infinity']) {
      expect(
        decodePageToken(encodePageToken({ sortValue: value, id: '1' }, 'f'), 'f', BY_SCORE),
      ).toEqual({ sortValue: value, id: '1' });
    }
    expect(() =>
      decodePageToken(encodePageToken({ sortValue: '1; x', id: '1' }, 'f'), 'f', BY_SCORE),
    ).toThrow('nextPageToken is invalid');
  });

  it('rejects a token with another fingerprint', () => {
    const token = encodePageToken({ sortValue: 'x', id: '1' }, 'one');
    expect(() => decodePageToken(token, 'two', BY_NAME)).toThrow(/different filter or sort/);
  });
});

describe('listFingerprint', () => {
  it('ignores source order but not source membership', () => {
    const a = listFingerprint({ ...base, sourceIds: ['x', 'y'] });
    expect(listFingerprint({ ...base, sourceIds: ['y', 'x'] })).toBe(a);
    expect(listFingerprint({ ...base, sourceIds: ['x'] })).not.toBe(a);
  });

  it('distinguishes every bound parameter', () => {
    const variants = [
      base,
      { ...base, table: 'u' },
      { ...base, parentId: '1' },
      { ...base, filterQuery: 'a = 1' },
      { ...base, namedQuery: 'n' },
      { ...base, q: 'x' },
      { ...base, name: 'x' },
      { ...base, orderBy: 'ID' },
      { ...base, sortOrder: 'DESC' },
      // Values that would collide under naive concatenation.
      { ...base, q: 'a', name: '' },
      { ...base, q: '', name: 'a' },
    ];
    expect(new Set(variants.map(listFingerprint)).size).toBe(variants.length);
  });

  it('treats an empty parameter like an absent one', () => {
    expect(listFingerprint({ ...base, q: '', name: '', filterQuery: '' })).toBe(
      listFingerprint(base),
    );
  });
});
