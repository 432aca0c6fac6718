import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { ComparisonScore } from '@gen/dataexchange/v1/reconciliation_pb';
import { CodePipe, LocalNumberPipe } from '../../shared/format.pipes';
import { pulls } from './agreement';

/** The score broken down: one bar per comparison, to the right towards a match, to the left away from it. */
@Component({
  selector: 'dx-score-bars',
  imports: [TranslocoPipe, CodePipe, LocalNumberPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="bars">
      <caption class="visually-hidden">{{ 'review.breakdownCaption' | transloco }}</caption>
      <thead class="visually-hidden">
        <tr>
          <th scope="col">{{ 'review.comparison' | transloco }}</th>
          <th scope="col">{{ 'review.level' | transloco }}</th>
          <th scope="col">{{ 'review.weight' | transloco }}</th>
        </tr>
      </thead>
      <tbody>
        @for (pull of rows(); track pull.comparison) {
          <tr>
            <th scope="row" class="name">{{ pull.comparison | code: 'comparison' }}</th>
            <td class="level">{{ pull.level | code: 'level' }}</td>
            <td>
              <div class="track">
              <span class="visually-hidden">{{ (pull.weight >= 0 ? 'review.towards' : 'review.away') | transloco }}</span>
              <span class="half away">
                @if (pull.weight < 0) {
                  <span class="bar against" [style.width.%]="pull.share * 100"></span>
                }
              </span>
              <span class="half towards">
                @if (pull.weight >= 0) {
                  <span class="bar for" [style.width.%]="pull.share * 100"></span>
                }
              </span>
              <span class="value">{{ pull.weight > 0 ? '+' : '' }}{{ pull.weight | localNumber: 'decimal' : 1 }}</span>
              </div>
            </td>
          </tr>
        }
      </tbody>
    </table>
    <p class="legend" aria-hidden="true">
      <span>← {{ 'review.away' | transloco }}</span><span>{{ 'review.towards' | transloco }} →</span>
    </p>
  `,
  styles: `
    .bars { width: 100%; border-collapse: collapse; font-size: 0.875rem; table-layout: fixed; }
    .bars th.name { width: 26%; } .bars td.level { width: 34%; }
    td, th { padding: 2px 4px; overflow-wrap: anywhere; text-align: left; vertical-align: middle; }
    .name { font-weight: 500; white-space: nowrap; }
    .level { color: var(--mat-sys-on-surface-variant); }
    .track { display: flex; align-items: center; gap: 0; min-width: 0; }
    .half { flex: 1; display: flex; height: 0.9rem; }
    .away { justify-content: flex-end; border-right: 1px solid var(--mat-sys-outline); }
    .bar { display: block; height: 100%; border-radius: 2px; }
    .for { background: #2e7d32; }
    .against { background: #c62828; }
    .value { flex: 0 0 3rem; text-align: right; font-variant-numeric: tabular-nums; }
    .legend { display: flex; justify-content: space-between; font-size: 0.75rem; margin: 2px 0 0;
      color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ScoreBarsComponent {
  readonly breakdown = input.required<readonly ComparisonScore[]>();
  protected readonly rows = computed(() => pulls(this.breakdown()));
}
