import { create } from '@bufbuild/protobuf';
import { TestBed } from '@angular/core/testing';
import { ConflictSchema } from '@gen/dataexchange/v1/child_directory_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { TRANSLATIONS_FOR_TESTS } from '../../testing/translations';
import { ConflictResolverComponent } from './conflict-resolver.component';

const conflict = create(ConflictSchema, {
  conflictId: 7n, kind: 'AuthorityDisagreement', field: 'birth_date', status: 'open', version: 3,
  sides: [
    { agency: Agency.PUBLIC_SECURITY, sourceId: 'P1', recordVersion: 2, value: '2015-03-02' },
    { agency: Agency.EDUCATION, sourceId: 'E9', recordVersion: 1, value: '2015-02-03' },
  ],
});

async function render() {
  const resolveConflict = vi.fn(async () => ({ decisionId: 41n }));
  TestBed.configureTestingModule({
    imports: [ConflictResolverComponent, TRANSLATIONS_FOR_TESTS],
    providers: [{ provide: HubClients, useValue: { reconciliation: { resolveConflict } } }],
  });
  const fixture = TestBed.createComponent(ConflictResolverComponent);
  fixture.componentRef.setInput('conflict', conflict);
  await fixture.whenStable();
  return { fixture, root: fixture.nativeElement as HTMLElement, resolveConflict };
}

function type(root: HTMLElement, name: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('ConflictResolverComponent', () => {
  it('lists every source\'s value with its agency', async () => {
    const { root } = await render();
    const text = root.textContent ?? '';
    expect(text).toContain('2015-03-02');
    expect(text).toContain('公安');
    expect(text).toContain('2015-02-03');
    expect(text).toContain('教育');
  });

  it('takes one source\'s value with the version seen and a reason', async () => {
    const { fixture, root, resolveConflict } = await render();
    root.querySelectorAll<HTMLInputElement>('input[type=radio]')[0].click();
    type(root, 'reason', '户籍为准');
    await fixture.whenStable();
    const submit = root.querySelector<HTMLButtonElement>('button[type=submit]')!;
    expect(submit.disabled).toBe(false);
    submit.click();
    await fixture.whenStable();
    expect(resolveConflict).toHaveBeenCalledWith(expect.objectContaining({
      conflictId: 7n, expectedVersion: 3, chosen: { agency: Agency.PUBLIC_SECURITY, sourceId: 'P1' }, reason: '户籍为准',
    }));
  });

  it('needs a reason, and a value when a correction is chosen', async () => {
    const { fixture, root, resolveConflict } = await render();
    const radios = root.querySelectorAll<HTMLInputElement>('input[type=radio]');
    radios[radios.length - 1].click();
    await fixture.whenStable();
    type(root, 'reason', '核实出生证明');
    await fixture.whenStable();
    expect(root.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(true);
    type(root, 'corrected', '2015-03-12');
    await fixture.whenStable();
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await fixture.whenStable();
    expect(resolveConflict).toHaveBeenCalledWith(expect.objectContaining({ chosen: undefined, correctedValue: '2015-03-12' }));
  });
});
