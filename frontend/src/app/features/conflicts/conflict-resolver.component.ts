import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { TranslocoPipe } from '@jsverse/transloco';
import { Conflict } from '@gen/dataexchange/v1/child_directory_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AgencyPipe, CodePipe, FieldLabelPipe, FieldValuePipe } from '../../shared/format.pipes';

const CORRECTION = 'correction';

/** One conflict: every source's value with its agency; take one, or enter a correction, with a reason. */
@Component({
  selector: 'dx-conflict-resolver',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatRadioModule, TranslocoPipe, AgencyPipe,
    CodePipe, FieldLabelPipe, FieldValuePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="resolver" (submit)="$event.preventDefault(); resolve()">
      <fieldset>
        <legend>
          {{ conflict().field | fieldLabel }} · {{ conflict().kind | code: 'conflictKind' }}
          <span class="badge">{{ conflict().status | code: 'status' }}</span>
        </legend>
        <mat-radio-group [name]="'choice-' + conflict().conflictId" [value]="choice()" (change)="choice.set($event.value)"
                         [disabled]="!open()" class="sides">
          @for (side of conflict().sides; track side.sourceId + side.agency) {
            <mat-radio-button [value]="side.agency + '|' + side.sourceId">
              <strong lang="zh-CN">{{ (side.value | fieldValue: conflict().field) || '—' }}</strong>
              <span class="from">{{ side.agency | agency }} · {{ side.sourceId }} · v{{ side.recordVersion }}</span>
            </mat-radio-button>
          }
          <mat-radio-button [value]="correction">{{ 'conflicts.enterCorrection' | transloco }}</mat-radio-button>
        </mat-radio-group>
        @if (open()) {
          <div class="inputs">
            @if (choice() === correction) {
              <mat-form-field subscriptSizing="dynamic">
                <mat-label>{{ 'conflicts.correctedValue' | transloco }}</mat-label>
                <input matInput name="corrected" required [ngModel]="corrected()" (ngModelChange)="corrected.set($event)" />
              </mat-form-field>
            }
            <mat-form-field subscriptSizing="dynamic" class="reason">
              <mat-label>{{ 'conflicts.reason' | transloco }}</mat-label>
              <input matInput name="reason" required [ngModel]="reason()" (ngModelChange)="reason.set($event)" />
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="!ready() || busy()">{{ 'conflicts.resolve' | transloco }}</button>
          </div>
        } @else if (conflict().resolution) {
          @if (resolution(); as r) {
            <p class="resolution">{{ 'conflicts.resolution' | transloco }}: <strong lang="zh-CN">{{ r.value | fieldValue: conflict().field }}</strong>
              @if (r.agency) {({{ r.agency | agency }})} · {{ r.reason }}</p>
          }
        }
        @if (error(); as error) {
          <p class="error-text" role="alert">{{ error | transloco }}</p>
        }
      </fieldset>
    </form>
  `,
  styles: `
    fieldset { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; }
    legend { font-weight: 600; padding: 0 4px; }
    .sides { display: flex; flex-direction: column; }
    .from { display: inline-block; margin-left: 0.75rem; color: var(--mat-sys-on-surface-variant); font-size: 0.85rem; }
    .inputs { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin-top: 0.25rem; }
    .reason { flex: 1 1 16rem; }
    .resolution code { overflow-wrap: anywhere; }
  `,
})
export class ConflictResolverComponent {
  private readonly hub = inject(HubClients);
  readonly conflict = input.required<Conflict>();
  readonly resolved = output<bigint>();

  protected readonly correction = CORRECTION;
  protected readonly choice = signal<string>('');
  protected readonly corrected = signal('');
  protected readonly reason = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly open = computed(() => this.conflict().status === 'open');
  /** The hub's resolution JSON (value, reason, agency, ...), read for display; unreadable JSON is shown as it is. */
  protected readonly resolution = computed(() => {
    const text = this.conflict().resolution;
    try {
      const parsed = JSON.parse(text) as { value?: string; reason?: string; agency?: string };
      return { value: parsed.value ?? '', reason: parsed.reason ?? '', agency: parsed.agency ?? '' };
    } catch {
      return { value: text, reason: '', agency: '' };
    }
  });
  protected readonly ready = computed(() =>
    this.reason().trim() !== '' && this.choice() !== '' && (this.choice() !== CORRECTION || this.corrected().trim() !== ''));

  protected async resolve(): Promise<void> {
    if (!this.ready()) {
      return;
    }
    const conflict = this.conflict();
    const [agency, sourceId] = this.choice().split('|');
    this.busy.set(true);
    this.error.set(null);
    try {
      const reply = await this.hub.reconciliation.resolveConflict({
        conflictId: conflict.conflictId,
        expectedVersion: conflict.version,
        chosen: this.choice() === CORRECTION ? undefined : { agency: Number(agency), sourceId },
        correctedValue: this.choice() === CORRECTION ? this.corrected().trim() : '',
        reason: this.reason().trim(),
      });
      this.resolved.emit(reply.decisionId);
    } catch (error) {
      this.error.set(errorKey(error));
    } finally {
      this.busy.set(false);
    }
  }
}
