import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Child } from '@gen/dataexchange/v1/child_directory_pb';
import { Purpose } from '@gen/dataexchange/v1/access_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AgencyPipe, CodePipe, FieldLabelPipe, FieldValuePipe, LocalDatePipe } from '../../shared/format.pipes';
import { AlertActionsComponent } from '../alerts/alert-actions.component';
import { ConflictResolverComponent } from '../conflicts/conflict-resolver.component';

/** Columns that carry an ID number: masked unless revealed (the hub masks them; the page says so). */
const ID_BEARING = new Set(['id_number', 'father_id_number', 'mother_id_number', 'student_no', 'disability_cert_no']);

/** One child: golden record with provenance, source records, history, conflicts and alerts; merge, split, undo. */
@Component({
  selector: 'dx-child-page',
  imports: [
    FormsModule, RouterLink, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, TranslocoPipe,
    AgencyPipe, CodePipe, FieldLabelPipe, FieldValuePipe, LocalDatePipe, AlertActionsComponent, ConflictResolverComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './child.page.html',
  styleUrl: './child.page.scss',
})
export class ChildPage {
  private readonly hub = inject(HubClients);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);

  /** From the route (children/:childId). */
  readonly childId = input.required<string>();

  protected readonly child = signal<Child | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly revealed = signal(false);
  protected readonly revealReference = signal('');
  protected readonly mergeWith = signal('');
  protected readonly actionReason = signal('');
  protected readonly splitSelection = signal<ReadonlySet<string>>(new Set());
  protected readonly lastDecision = signal<bigint | null>(null);
  protected readonly busy = signal(false);

  protected readonly openConflicts = computed(() => this.child()?.conflicts.filter((c) => c.status === 'open') ?? []);
  protected readonly settledConflicts = computed(() => this.child()?.conflicts.filter((c) => c.status !== 'open') ?? []);
  protected readonly name = computed(() => this.child()?.golden.find((g) => g.field === 'name')?.value ?? '');
  protected readonly hasIds = computed(() => this.child()?.golden.some((g) => ID_BEARING.has(g.field)) ?? false);
  protected readonly isIdBearing = (field: string) => ID_BEARING.has(field);

  constructor() {
    effect(() => {
      const id = this.childId();
      this.revealed.set(false);
      this.lastDecision.set(null);
      void this.load(id, false);
    });
  }

  protected async load(childId = this.childId(), reveal = this.revealed()): Promise<void> {
    try {
      const reply = await this.hub.children.getChild({
        childId,
        revealIds: reveal,
        purpose: reveal ? Purpose.CASE_HANDLING : Purpose.UNSPECIFIED,
        purposeReference: reveal ? this.revealReference().trim() : '',
      });
      this.child.set(reply.child ?? null);
      // Said only once the answer holds what was asked for: the page never claims full numbers it does not show.
      this.revealed.set(reveal);
      this.error.set(null);
      this.splitSelection.set(new Set());
      if (reply.child && !reply.child.active && reply.child.mergedIntoChildId) {
        this.notice.set(this.transloco.translate('child.mergedInto', { id: reply.child.mergedIntoChildId }));
      }
    } catch (error) {
      if (this.revealed() && !reveal) {
        this.child.set(null); // hiding failed: take the full numbers off the screen rather than leave them
        this.revealed.set(false);
      }
      this.error.set(errorKey(error));
    }
  }

  /** Shows ID numbers in full: the hub audits the read with the reference given here. */
  protected async reveal(): Promise<void> {
    if (!this.revealReference().trim()) {
      return;
    }
    await this.load(this.childId(), true);
  }

  protected async hide(): Promise<void> {
    await this.load(this.childId(), false);
  }

  protected toggleSplit(key: string, checked: boolean): void {
    const next = new Set(this.splitSelection());
    if (checked) {
      next.add(key);
    } else {
      next.delete(key);
    }
    this.splitSelection.set(next);
  }

  protected async merge(): Promise<void> {
    const child = this.child();
    const other = this.mergeWith().trim();
    if (!child || !other) {
      return;
    }
    await this.act(async () => {
      const absorbed = await this.hub.children.getChild({ childId: other });
      const reply = await this.hub.reconciliation.mergeChildren({
        survivorChildId: child.childId,
        survivorExpectedVersion: child.version,
        absorbedChildId: other,
        absorbedExpectedVersion: absorbed.child?.version ?? 0,
        reason: this.reasonOr('child.defaultMergeReason'),
      });
      this.mergeWith.set('');
      return reply.decisionId;
    }, 'child.merged');
  }

  protected async split(): Promise<void> {
    const child = this.child();
    const chosen = [...this.splitSelection()];
    if (!child || chosen.length === 0 || chosen.length >= child.records.length) {
      return;
    }
    await this.act(async () => {
      const reply = await this.hub.reconciliation.splitChild({
        childId: child.childId,
        expectedVersion: child.version,
        records: chosen.map((key) => {
          const [agency, sourceId] = key.split('|');
          return { agency: Number(agency), sourceId };
        }),
        reason: this.reasonOr('child.defaultSplitReason'),
      });
      return reply.decisionId;
    }, 'child.split');
  }

  protected async undo(): Promise<void> {
    const decision = this.lastDecision();
    if (decision === null) {
      return;
    }
    await this.act(async () => {
      await this.hub.reconciliation.reverseDecision({ decisionId: decision, reason: this.reasonOr('child.defaultUndoReason') });
      return null;
    }, 'child.undone');
  }

  protected async decided(decisionId: bigint | null): Promise<void> {
    this.lastDecision.set(decisionId);
    await this.load();
  }

  protected recordKey(agency: number, sourceId: string): string {
    return `${agency}|${sourceId}`;
  }

  protected openOther(): void {
    const target = this.child()?.mergedIntoChildId;
    if (target) {
      void this.router.navigate(['/children', target]);
    }
  }

  protected valueEntries(values: Record<string, string>): [string, string][] {
    return Object.entries(values);
  }

  private reasonOr(key: string): string {
    return this.actionReason().trim() || this.transloco.translate(key);
  }

  private async act(action: () => Promise<bigint | null>, doneKey: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const decision = await action();
      this.lastDecision.set(decision);
      this.actionReason.set('');
      this.notice.set(this.transloco.translate(doneKey));
      await this.load();
    } catch (error) {
      this.error.set(errorKey(error));
    } finally {
      this.busy.set(false);
    }
  }
}
