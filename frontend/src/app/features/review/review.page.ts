import { ChangeDetectionStrategy, Component, ElementRef, OnInit, computed, inject, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { AgencyPipe, LocalDatePipe, LocalNumberPipe } from '../../shared/format.pipes';
import { AGENCIES } from '../../shared/agencies';
import { isTypingTarget } from '../../shared/keyboard';
import { PairTableComponent } from './pair-table.component';
import { ReviewQueueStore, TakenDecision } from './review-queue.store';
import { ScoreBarsComponent } from './score-bars.component';

/** The review queue: one candidate at a time, decided by mouse or keyboard; the next one is already loaded. */
@Component({
  selector: 'dx-review-page',
  imports: [
    FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe,
    AgencyPipe, LocalDatePipe, LocalNumberPipe, PairTableComponent, ScoreBarsComponent,
  ],
  providers: [ReviewQueueStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onKey($event)' },
  templateUrl: './review.page.html',
  styleUrl: './review.page.scss',
})
export class ReviewPage implements OnInit {
  protected readonly store = inject(ReviewQueueStore);
  private readonly transloco = inject(TranslocoService);
  private readonly reasonInput = viewChild<ElementRef<HTMLInputElement>>('reasonInput');

  protected readonly agencies = AGENCIES;
  protected readonly reason = signal('');
  protected readonly agency = signal<Agency>(Agency.UNSPECIFIED);
  protected readonly region = signal('');
  protected readonly minScore = signal<number | null>(null);
  protected readonly maxScore = signal<number | null>(null);
  protected readonly minAgeDays = signal<number | null>(null);
  protected readonly announcement = signal('');
  protected readonly lastDone = computed(() => this.store.decisions().find((d) => d.state === 'done') ?? null);

  ngOnInit(): void {
    void this.store.load();
  }

  protected applyFilters(): void {
    void this.store.load({
      agency: this.agency(),
      regionCode: this.region().trim(),
      minScore: (this.minScore() ?? 0) / 100,
      maxScore: (this.maxScore() ?? 0) / 100,
      minAgeDays: this.minAgeDays() ?? 0,
    });
  }

  protected decide(sameChild: boolean): void {
    if (!this.store.current()) {
      return;
    }
    const reason = this.reason().trim() || this.transloco.translate(sameChild ? 'review.defaultReasonSame' : 'review.defaultReasonDifferent');
    this.store.decide(sameChild, reason);
    this.reason.set('');
    this.announce(sameChild ? 'review.announceSame' : 'review.announceDifferent');
  }

  protected skip(): void {
    this.store.skip();
    this.announce('review.announceSkip');
  }

  protected undo(decision: TakenDecision | null): void {
    if (decision) {
      void this.store.undo(decision, this.transloco.translate('review.undoReason'));
      this.announce('review.announceUndo');
    }
  }

  protected onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) {
      if (event.key === 'Escape' && isTypingTarget(event.target)) {
        (event.target as HTMLElement).blur();
      }
      return;
    }
    const actions: Record<string, () => void> = {
      '1': () => this.decide(true), y: () => this.decide(true),
      '2': () => this.decide(false), n: () => this.decide(false),
      '3': () => this.skip(), s: () => this.skip(),
      u: () => this.undo(this.lastDone()),
      r: () => this.reasonInput()?.nativeElement.focus(),
    };
    const action = actions[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  private announce(key: string): void {
    const next = this.store.current();
    const tail = next ? this.transloco.translate('review.announceNext', { name: next.a?.values['name'] ?? '' }) : '';
    this.announcement.set(`${this.transloco.translate(key)} ${tail}`);
  }
}
