import { Injectable, computed, inject, signal } from '@angular/core';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { ReviewCandidate } from '@gen/dataexchange/v1/reconciliation_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';

export interface ReviewFilters {
  readonly agency: Agency;
  readonly regionCode: string;
  readonly minScore: number;
  readonly maxScore: number;
  readonly minAgeDays: number;
}

export const NO_FILTERS: ReviewFilters = { agency: Agency.UNSPECIFIED, regionCode: '', minScore: 0, maxScore: 0, minAgeDays: 0 };

/** A decision taken in this session, kept so it can be undone (ReverseDecision). */
export interface TakenDecision {
  readonly candidate: ReviewCandidate;
  readonly sameChild: boolean;
  readonly decisionId?: bigint;
  readonly state: 'sending' | 'done' | 'failed' | 'undone';
  readonly errorKey?: string;
}

const PAGE_SIZE = 50;
/** Fetch more when this few undecided candidates are left in memory, so the next one is always at hand. */
const REFILL_BELOW = 10;

/**
 * The review queue as a steward works through it: a buffer of candidates from the server, the current one
 * and the next one already in memory. A decision moves on at once and is sent in the background; its outcome
 * shows in the list of recent decisions, where it can be undone.
 */
@Injectable()
export class ReviewQueueStore {
  private readonly hub = inject(HubClients);
  private readonly buffer = signal<readonly ReviewCandidate[]>([]);
  private readonly handled = new Set<bigint>();
  private fetching: Promise<void> | null = null;

  readonly filters = signal<ReviewFilters>(NO_FILTERS);
  readonly total = signal(0);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly decisions = signal<readonly TakenDecision[]>([]);

  readonly current = computed(() => this.buffer()[0] ?? null);
  readonly upNext = computed(() => this.buffer()[1] ?? null);

  async load(filters: ReviewFilters = this.filters()): Promise<void> {
    this.filters.set(filters);
    this.buffer.set([]);
    this.handled.clear();
    this.loading.set(true);
    try {
      await this.fetch();
    } finally {
      this.loading.set(false);
    }
  }

  /** Decides the current candidate and shows the next one in the same tick. */
  decide(sameChild: boolean, reason: string): void {
    const candidate = this.current();
    if (!candidate) {
      return;
    }
    this.advance(candidate);
    this.decisions.update((list) => [{ candidate, sameChild, state: 'sending' as const }, ...list].slice(0, 20));
    void this.send(candidate, sameChild, reason);
  }

  /** Puts the current candidate aside for this session without deciding it. */
  skip(): void {
    const candidate = this.current();
    if (candidate) {
      this.advance(candidate);
    }
  }

  /** Reverses a decision taken here; the pair comes back to the queue. */
  async undo(decision: TakenDecision, reason: string): Promise<void> {
    if (decision.decisionId === undefined || decision.state !== 'done') {
      return;
    }
    try {
      await this.hub.reconciliation.reverseDecision({ decisionId: decision.decisionId, reason });
      this.replace(decision.candidate.candidateId, { state: 'undone' });
      this.handled.delete(decision.candidate.candidateId);
      await this.fetch();
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }

  private advance(candidate: ReviewCandidate): void {
    this.handled.add(candidate.candidateId);
    this.buffer.update((list) => list.filter((item) => item.candidateId !== candidate.candidateId));
    if (this.buffer().length < REFILL_BELOW) {
      void this.fetch();
    }
  }

  private async send(candidate: ReviewCandidate, sameChild: boolean, reason: string): Promise<void> {
    try {
      const reply = await this.hub.reconciliation.decideCandidate({
        candidateId: candidate.candidateId,
        expectedVersion: candidate.version,
        sameChild,
        reason,
      });
      this.replace(candidate.candidateId, { state: 'done', decisionId: reply.decisionId });
    } catch (error) {
      this.replace(candidate.candidateId, { state: 'failed', errorKey: errorKey(error) });
      this.handled.delete(candidate.candidateId);
    }
  }

  private replace(candidateId: bigint, change: Partial<TakenDecision>): void {
    this.decisions.update((list) =>
      list.map((item) => (item.candidate.candidateId === candidateId && item.state !== 'undone' ? { ...item, ...change } : item)),
    );
  }

  /** Adds the server's first page of still-open candidates, minus those handled here; one fetch at a time. */
  private fetch(): Promise<void> {
    this.fetching ??= this.fetchPage().finally(() => (this.fetching = null));
    return this.fetching;
  }

  private async fetchPage(): Promise<void> {
    const filters = this.filters();
    try {
      const reply = await this.hub.reconciliation.listReviewCandidates({
        agency: filters.agency,
        regionCode: filters.regionCode,
        minScore: filters.minScore,
        maxScore: filters.maxScore,
        minAgeDays: filters.minAgeDays,
        pageSize: PAGE_SIZE,
        page: 0,
      });
      this.error.set(null);
      this.total.set(reply.total);
      const known = new Set(this.buffer().map((item) => item.candidateId));
      const fresh = reply.candidates.filter((item) => !this.handled.has(item.candidateId) && !known.has(item.candidateId));
      this.buffer.update((list) => [...list, ...fresh]);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }
}
