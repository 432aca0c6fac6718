import { CandidateRecord, ComparisonScore } from '@gen/dataexchange/v1/reconciliation_pb';

export type Agreement = 'agree' | 'close' | 'disagree' | 'missing';

/** One row of the side-by-side view: a field, both values, and how far they agree. */
export interface FieldRow {
  readonly field: string;
  readonly a: string;
  readonly b: string;
  readonly agreement: Agreement;
  /** The matcher's level for this field, when a comparison covers it. */
  readonly level?: string;
}

/** The comparison that scores each identity field (the matcher's names; see DataExchange.Matching/Comparisons). */
const COMPARISON_OF: Readonly<Record<string, string>> = {
  name: 'name',
  sex: 'sex',
  birth_date: 'birth_date',
  id_number: 'id_number',
  region_code: 'region',
  address: 'address',
};

/** The order people read a child's identity in; other fields follow alphabetically. */
const FIELD_ORDER = ['name', 'sex', 'birth_date', 'id_number', 'region_code', 'address'];

/**
 * Marks every field of a pair. Where the matcher compared the field, its level decides: the first level
 * after "null" is agreement, a negative weight is disagreement, anything between is close. Elsewhere the
 * values themselves are compared.
 */
export function compareRecords(a: CandidateRecord, b: CandidateRecord, breakdown: readonly ComparisonScore[]): FieldRow[] {
  const byComparison = new Map(breakdown.map((score) => [score.comparison, score]));
  const fields = [...new Set([...Object.keys(a.values), ...Object.keys(b.values)])].sort(
    (x, y) => rank(x) - rank(y) || x.localeCompare(y),
  );
  return fields.map((field) => {
    const left = a.values[field] ?? '';
    const right = b.values[field] ?? '';
    const score = byComparison.get(COMPARISON_OF[field] ?? '');
    return { field, a: left, b: right, agreement: agreementOf(left, right, score), level: score?.level };
  });
}

function agreementOf(a: string, b: string, score: ComparisonScore | undefined): Agreement {
  if (!a.trim() || !b.trim()) {
    return 'missing';
  }
  if (score && score.level !== 'null') {
    if (score.weight < 0 || score.level === 'else') {
      return 'disagree';
    }
    return isTopLevel(score.level) ? 'agree' : 'close';
  }
  if (normalise(a) === normalise(b)) {
    return 'agree';
  }
  return 'disagree';
}

/** The matcher's best level for each comparison starts with "exact" or "same county" (region). */
function isTopLevel(level: string): boolean {
  return level.startsWith('exact') || level === 'same county';
}

function normalise(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function rank(field: string): number {
  const index = FIELD_ORDER.indexOf(field);
  return index < 0 ? FIELD_ORDER.length : index;
}

/** A comparison's pull on the score, for the bars: positive towards a match, negative away. */
export interface Pull {
  readonly comparison: string;
  readonly level: string;
  readonly weight: number;
  /** Bar length as a share of the largest pull, 0 to 1. */
  readonly share: number;
}

export function pulls(breakdown: readonly ComparisonScore[]): Pull[] {
  const largest = Math.max(1, ...breakdown.map((score) => Math.abs(score.weight)));
  return [...breakdown]
    .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight))
    .map((score) => ({
      comparison: score.comparison,
      level: score.level,
      weight: score.weight,
      share: Math.abs(score.weight) / largest,
    }));
}
