import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { ReviewCandidate, ReviewCandidateSchema } from '@gen/dataexchange/v1/reconciliation_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { TRANSLATIONS_FOR_TESTS } from '../../testing/translations';
import { ReviewPage } from './review.page';

function candidate(id: number, name: string): ReviewCandidate {
  return create(ReviewCandidateSchema, {
    candidateId: BigInt(id), version: 1, score: 0.62, matchWeight: 1.2, proposedAt: timestampNow(),
    a: { agency: Agency.EDUCATION, sourceId: `E${id}`, childId: `c-a${id}`, values: { name, sex: 'M', birth_date: '2015-03-02' } },
    b: { agency: Agency.HEALTH, sourceId: `H${id}`, childId: `c-b${id}`, values: { name, sex: 'F', birth_date: '2015-03-02' } },
    breakdown: [{ comparison: 'name', level: 'exact', weight: 4 }, { comparison: 'sex', level: 'else', weight: -3 }],
  });
}

/** A fake hub whose queue holds the given candidates until they are decided. */
function fakeHub(queue: ReviewCandidate[]) {
  const decided: bigint[] = [];
  const reconciliation = {
    listReviewCandidates: vi.fn(async () => {
      const open = queue.filter((c) => !decided.includes(c.candidateId));
      return { candidates: open, total: open.length };
    }),
    decideCandidate: vi.fn(async (request: { candidateId: bigint }) => {
      decided.push(request.candidateId);
      return { decisionId: 100n + request.candidateId };
    }),
    reverseDecision: vi.fn(async () => ({ decisionId: 999n })),
  };
  return { reconciliation };
}

async function render(hub: ReturnType<typeof fakeHub>) {
  TestBed.configureTestingModule({
    imports: [ReviewPage, TRANSLATIONS_FOR_TESTS],
    providers: [provideRouter([]), { provide: HubClients, useValue: hub }],
  });
  const fixture = TestBed.createComponent(ReviewPage);
  await fixture.whenStable();
  return fixture;
}

const press = (key: string) => document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
const shownId = (root: HTMLElement) => root.querySelector('[data-candidate-id]')?.getAttribute('data-candidate-id');

describe('ReviewPage', () => {
  it('shows both records side by side with each field marked and the shortcuts on screen', async () => {
    const fixture = await render(fakeHub([candidate(1, '张伟')]));
    const root = fixture.nativeElement as HTMLElement;
    const rows = [...root.querySelectorAll('dx-pair-table tbody tr')].map((row) => row.textContent ?? '');
    expect(rows.find((row) => row.includes('姓名'))).toContain('一致');
    expect(rows.find((row) => row.includes('性别'))).toContain('不一致');
    expect(root.querySelectorAll('dx-score-bars .bar.for').length).toBe(1);
    expect(root.querySelectorAll('dx-score-bars .bar.against').length).toBe(1);
    expect(root.querySelector('.shortcuts')?.textContent).toContain('同一儿童');
  });

  it('decides with the keyboard and shows the next candidate at once, before the hub answers', async () => {
    const hub = fakeHub([candidate(1, '张伟'), candidate(2, '李娜'), candidate(3, '王芳')]);
    let answer!: (value: { decisionId: bigint }) => void;
    hub.reconciliation.decideCandidate.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const fixture = await render(hub);
    const root = fixture.nativeElement as HTMLElement;
    expect(shownId(root)).toBe('1');

    press('1');
    fixture.detectChanges();
    expect(shownId(root)).toBe('2'); // the hub has not answered yet
    expect(hub.reconciliation.decideCandidate).toHaveBeenCalledWith(
      expect.objectContaining({ candidateId: 1n, expectedVersion: 1, sameChild: true }));

    answer({ decisionId: 101n });
    press('n');
    await fixture.whenStable();
    expect(shownId(root)).toBe('3');
    expect(hub.reconciliation.decideCandidate).toHaveBeenLastCalledWith(expect.objectContaining({ candidateId: 2n, sameChild: false }));
  });

  it('skips without deciding and undoes the last decision with U', async () => {
    const hub = fakeHub([candidate(1, '张伟'), candidate(2, '李娜'), candidate(3, '王芳')]);
    const fixture = await render(hub);
    const root = fixture.nativeElement as HTMLElement;

    press('s');
    await fixture.whenStable();
    expect(shownId(root)).toBe('2');
    expect(hub.reconciliation.decideCandidate).not.toHaveBeenCalled();

    press('y');
    await fixture.whenStable();
    press('u');
    await fixture.whenStable();
    expect(hub.reconciliation.reverseDecision).toHaveBeenCalledWith(expect.objectContaining({ decisionId: 102n }));
  });

  it('ignores shortcuts while the reason field has the focus', async () => {
    const hub = fakeHub([candidate(1, '张伟'), candidate(2, '李娜')]);
    const fixture = await render(hub);
    const input = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('input[name=reason]')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }));
    await fixture.whenStable();
    expect(hub.reconciliation.decideCandidate).not.toHaveBeenCalled();
  });
});
