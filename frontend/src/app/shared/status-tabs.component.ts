import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoPipe } from '@jsverse/transloco';
import { StatusCount } from '@gen/dataexchange/v1/reconciliation_pb';
import { CodePipe, LocalNumberPipe } from './format.pipes';

/** A work queue's status tabs, each with the number of items in that status; the pressed one is the current. */
@Component({
  selector: 'dx-status-tabs',
  imports: [MatButtonModule, TranslocoPipe, CodePipe, LocalNumberPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="toolbar" role="group" [attr.aria-label]="'common.status' | transloco">
      @for (s of statuses(); track s) {
        <button mat-stroked-button type="button" [attr.aria-pressed]="current() === s" [class.selected]="current() === s"
                (click)="choose.emit(s)">
          {{ s | code: 'status' }} ({{ countOf(s) | localNumber }})
        </button>
      }
    </div>
  `,
})
export class StatusTabsComponent {
  readonly statuses = input.required<readonly string[]>();
  readonly current = input.required<string>();
  readonly counts = input.required<readonly StatusCount[]>();
  readonly choose = output<string>();

  protected countOf(status: string): number {
    return this.counts().find((c) => c.status === status)?.count ?? 0;
  }
}
