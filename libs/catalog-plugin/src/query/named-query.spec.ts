import { InvalidArgumentError } from '../errors/catalog-errors';
import type { NamedQueriesConfig } from '../config/sources-config';
import { namedQueryExpression } from './named-query';

const CONFIG: NamedQueriesConfig = {
  mixed: {
    license: { operator: '=', value: 'MIT' },
    toolCount: { operator: 'not in', value: [1, 2.5] },
    tasks: { operator: 'is  not  null', value: null },
    'customProperties.`odd key`': { operator: 'ILIKE', value: 'x%' },
  },
  single: { verified: { operator: '<>', value: true } },
  empty: {},
};

describe('namedQueryExpression', () => {
  it('translates each field filter and ANDs them', () => {
    expect(namedQueryExpression('mixed', CONFIG)).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'compare',
          field: { name: 'license', key: undefined, position: undefined },
          operator: '=',
          operatorPosition: undefined,
          value: { type: 'string', value: 'MIT', position: undefined },
        },
        {
          kind: 'not',
          operand: {
            kind: 'in',
            field: { name: 'toolCount', key: undefined, position: undefined },
            operatorPosition: undefined,
            values: [
              { type: 'number', text: '1', integer: true, position: undefined },
              { type: 'number', text: '2.5', integer: false, position: undefined },
            ],
          },
        },
        {
          kind: 'is-null',
          field: { name: 'tasks', key: undefined, position: undefined },
          operatorPosition: undefined,
          negated: true,
        },
        {
          kind: 'compare',
          field: { name: 'customProperties', key: 'odd key', position: undefined },
          operator: 'ILIKE',
          operatorPosition: undefined,
          value: { type: 'string', value: 'x%', position: undefined },
        },
      ],
    });
  });

  it('maps <> to != and returns a single comparison unwrapped', () => {
    expect(namedQueryExpression('single', CONFIG)).toMatchObject({
      kind: 'compare',
      operator: '!=',
      value: { type: 'boolean', value: true },
    });
    expect(namedQueryExpression('empty', CONFIG)).toBeUndefined();
  });

  it.each([
    [
      { f: { operator: 'BETWEEN', value: 1 } },
      'namedQuery "q": unsupported operator "BETWEEN" for f',
    ],
    [
      { f: { operator: 'toString', value: 1 } },
      'namedQuery "q": unsupported operator "toString" for f',
    ],
    [{ f: { operator: 'IN', value: [] } }, 'namedQuery "q": empty IN list for f'],
    [
      { f: { operator: '=', value: { a: 1 } } },
      'namedQuery "q": value for f must be a string, number or boolean (or a list of them for IN)',
    ],
    [{ 'a b': { operator: '=', value: 1 } }, 'namedQuery "q": invalid field name "a b"'],
  ])('rejects %j', (definition, message) => {
    const error = (() => {
      try {
        namedQueryExpression('q', { q: definition });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).message).toBe(message);
    expect((error as InvalidArgumentError).details).toEqual([{ field: 'namedQuery', message }]);
  });

  it('rejects unknown names, listing the known ones', () => {
    expect(() => namedQueryExpression('nope', CONFIG)).toThrow(
      'unknown named query "nope" (known: empty, mixed, single)',
    );
    expect(() => namedQueryExpression('hasOwnProperty', CONFIG)).toThrow(InvalidArgumentError);
  });
});
