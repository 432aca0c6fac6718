import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoPipe } from '@jsverse/transloco';

/** Previous and next under a list that the hub pages (pages counted from 0, shown from 1). */
@Component({
  selector: 'dx-pager',
  imports: [MatButtonModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pager">
      <button mat-button type="button" [disabled]="page() === 0" (click)="go.emit(page() - 1)">{{ 'common.previous' | transloco }}</button>
      <span>{{ 'common.page' | transloco: { page: page() + 1 } }}</span>
      <button mat-button type="button" [disabled]="last()" (click)="go.emit(page() + 1)">{{ 'common.next' | transloco }}</button>
    </div>
  `,
})
export class PagerComponent {
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly total = input.required<number>();
  readonly go = output<number>();
  protected readonly last = computed(() => (this.page() + 1) * this.pageSize() >= this.total());
}
