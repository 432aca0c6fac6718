import { create } from '@bufbuild/protobuf';
import {
  CandidateRecordSchema,
  ComparisonScoreSchema,
} from '@gen/dataexchange/v1/reconciliation_pb';
import { compareRecords, pulls } from './agreement';

const record = (values: Record<string, string>) => create(CandidateRecordSchema, { values });
const score = (comparison: string, level: string, weight: number) =>
  create(ComparisonScoreSchema, { comparison, level, weight });

describe('compareRecords', () => {
  it('marks each field by the level the matcher reached', () => {
    const rows = compareRecords(
      record({ name: '张伟', birth_date: '2015-03-02', sex: 'M', region_code: '511102' }),
      record({ name: '张玮', birth_date: '2015-02-03', sex: 'M', region_code: '511102' }),
      [
        score('name', 'same toneless pinyin (homophone, romanised)', 3.1),
        score('birth_date', 'day and month swapped', 1.2),
        score('sex', 'exact', 0.9),
        score('region', 'else', -2.5),
      ],
    );
    const byField = Object.fromEntries(rows.map((row) => [row.field, row.agreement]));
    expect(byField).toEqual({ name: 'close', birth_date: 'close', sex: 'agree', region_code: 'disagree' });
  });

  it('puts identity fields first and marks a field one side lacks as missing', () => {
    const rows = compareRecords(record({ school_name: 'A', name: '李娜' }), record({ name: '李娜' }), []);
    expect(rows.map((row) => row.field)).toEqual(['name', 'school_name']);
    expect(rows[0].agreement).toBe('agree');
    expect(rows[1].agreement).toBe('missing');
  });

  it('compares uncovered fields by value, ignoring width and spaces', () => {
    const rows = compareRecords(record({ grade: '３ 年级' }), record({ grade: '3年级' }), []);
    expect(rows[0].agreement).toBe('agree');
  });
});

describe('pulls', () => {
  it('orders comparisons by the strength of their pull and scales bars to the strongest', () => {
    const result = pulls([score('sex', 'exact', 1), score('id_number', 'else', -8), score('name', 'exact', 4)]);
    expect(result.map((pull) => pull.comparison)).toEqual(['id_number', 'name', 'sex']);
    expect(result[0].share).toBe(1);
    expect(result[1].share).toBe(0.5);
    expect(result[0].weight).toBeLessThan(0);
  });
});
