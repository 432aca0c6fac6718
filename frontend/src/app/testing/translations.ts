import { TranslocoTestingModule } from '@jsverse/transloco';
import { EN } from '../core/i18n/translations/en';
import { ZH } from '../core/i18n/translations/zh';

/** The real translations, loaded synchronously, for component tests. */
export const TRANSLATIONS_FOR_TESTS = TranslocoTestingModule.forRoot({
  langs: { zh: ZH, en: EN },
  translocoConfig: { availableLangs: ['zh', 'en'], defaultLang: 'zh' },
  preloadLangs: true,
});
