import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ReviewCandidate } from '@gen/dataexchange/v1/reconciliation_pb';
import { AgencyPipe, CodePipe, FieldLabelPipe, FieldValuePipe } from '../../shared/format.pipes';
import { compareRecords } from './agreement';

/** The two records of a candidate side by side, every field marked agree / close / disagree (by text and icon, not colour alone). */
@Component({
  selector: 'dx-pair-table',
  imports: [TranslocoPipe, AgencyPipe, FieldLabelPipe, FieldValuePipe, CodePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="pair">
      <caption class="visually-hidden">{{ 'review.pairCaption' | transloco }}</caption>
      <thead>
        <tr>
          <th scope="col">{{ 'review.field' | transloco }}</th>
          <th scope="col">
            {{ candidate().a?.agency | agency }}
            <span class="source">{{ candidate().a?.sourceId }}</span>
            @if (candidate().a?.childId; as child) {
              <a class="child" [routerLink]="['/children', child]" tabindex="-1">{{ 'review.openChild' | transloco }}</a>
            }
          </th>
          <th scope="col">
            {{ candidate().b?.agency | agency }}
            <span class="source">{{ candidate().b?.sourceId }}</span>
            @if (candidate().b?.childId; as child) {
              <a class="child" [routerLink]="['/children', child]" tabindex="-1">{{ 'review.openChild' | transloco }}</a>
            }
          </th>
          <th scope="col">{{ 'review.agreement' | transloco }}</th>
        </tr>
      </thead>
      <tbody>
        @for (row of rows(); track row.field) {
          <tr [class]="row.agreement">
            <th scope="row">{{ row.field | fieldLabel }}</th>
            <td lang="zh-CN">{{ (row.a | fieldValue: row.field) || '—' }}</td>
            <td lang="zh-CN">{{ (row.b | fieldValue: row.field) || '—' }}</td>
            <td class="mark">
              <span class="icon" aria-hidden="true">{{ icon[row.agreement] }}</span>
              {{ 'agreement.' + row.agreement | transloco }}
              @if (row.level && row.agreement === 'close') {
                <span class="level">({{ row.level | code: 'level' }})</span>
              }
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .pair { width: 100%; border-collapse: collapse; table-layout: fixed; }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-wrap: anywhere; }
    thead th { font-weight: 600; background: var(--mat-sys-surface-container); }
    thead th:first-child { width: 16%; }
    thead th:last-child { width: 22%; }
    .source { display: block; font-weight: 400; font-size: 0.8rem; color: var(--mat-sys-on-surface-variant); }
    .child { font-size: 0.8rem; font-weight: 400; }
    td { font-size: 1.05rem; }
    .mark { font-size: 0.875rem; }
    .level { color: var(--mat-sys-on-surface-variant); }
    .icon { display: inline-block; width: 1.2em; font-weight: 700; }
    tr.agree .icon { color: #1b5e20; }
    tr.close { background: #fff8e1; }
    tr.close .icon { color: #8d6e00; }
    tr.disagree { background: #ffebee; }
    tr.disagree .icon { color: #b71c1c; }
    tr.missing td { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class PairTableComponent {
  readonly candidate = input.required<ReviewCandidate>();
  protected readonly rows = computed(() => {
    const { a, b, breakdown } = this.candidate();
    return a && b ? compareRecords(a, b, breakdown) : [];
  });
  protected readonly icon: Record<string, string> = { agree: '✓', close: '≈', disagree: '✗', missing: '·' };
}
