import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoPipe } from '@jsverse/transloco';

/** A secret or generated password, shown once: copy it now, it is not shown again. */
@Component({
  selector: 'dx-secret-notice',
  imports: [MatButtonModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="secret" role="alert">
      <p>{{ title() }}</p>
      <code class="value" data-secret>{{ value() }}</code>
      <p class="hint">{{ 'admin.shownOnce' | transloco }}</p>
      <button mat-stroked-button type="button" (click)="copy()">{{ 'admin.copy' | transloco }}</button>
      <button mat-button type="button" (click)="dismissed.emit()">{{ 'admin.dismiss' | transloco }}</button>
    </div>
  `,
  styles: `
    .secret { background: #fff8e1; border: 1px solid #f9a825; border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    .value { font-size: 1.1rem; user-select: all; overflow-wrap: anywhere; }
    .hint { font-size: 0.85rem; }
  `,
})
export class SecretNoticeComponent {
  readonly title = input.required<string>();
  readonly value = input.required<string>();
  readonly dismissed = output();

  protected copy(): void {
    void navigator.clipboard?.writeText(this.value());
  }
}
