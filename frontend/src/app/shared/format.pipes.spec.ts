import { TestBed } from '@angular/core/testing';
import { LanguageService } from '../core/i18n/language.service';
import { TRANSLATIONS_FOR_TESTS } from '../testing/translations';
import { FieldValuePipe } from './format.pipes';

describe('FieldValuePipe', () => {
  function pipe(): FieldValuePipe {
    TestBed.configureTestingModule({ imports: [TRANSLATIONS_FOR_TESTS] });
    TestBed.inject(LanguageService).use('zh');
    return TestBed.runInInjectionContext(() => new FieldValuePipe());
  }

  it('shows the exchange format\'s codes in words, in the portal\'s language', () => {
    const value = pipe();
    expect(value.transform('F', 'sex')).toBe('女');
    expect(value.transform('dropped_out', 'enrollment_status')).toBe('辍学');
    expect(value.transform('4', 'disability_category')).toBe('肢体残疾');
    expect(value.transform('none', 'category')).toBe('非保障对象');
    TestBed.inject(LanguageService).use('en');
    expect(value.transform('both_away', 'parents_status')).toBe('Both parents away');
  });

  it('keeps every other value exactly as the agency sent it', () => {
    const value = pipe();
    expect(value.transform('王小明', 'name')).toBe('王小明');
    expect(value.transform('7', 'grade')).toBe('7'); // not a coded field, even where a code of another field is '7'
    expect(value.transform('X', 'sex')).toBe('X'); // a code the spec does not list
    expect(value.transform('', 'sex')).toBe('');
  });
});
