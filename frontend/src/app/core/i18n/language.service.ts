import { Injectable, computed, inject, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';

export type Language = 'zh' | 'en';

const STORAGE_KEY = 'dx.language'; // the language choice only; never anything about a person or a token

/** The portal's language: Simplified Chinese by default, English one click away; also sets <html lang>. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly language = signal<Language>(readStored());

  readonly current = this.language.asReadonly();
  /** The BCP 47 locale Intl formats dates and numbers with. */
  readonly locale = computed(() => (this.language() === 'en' ? 'en-GB' : 'zh-CN'));

  constructor() {
    this.apply(this.language());
  }

  use(language: Language): void {
    this.language.set(language);
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage may be off (private mode); the choice then lasts for this page only.
    }
    this.apply(language);
  }

  toggle(): void {
    this.use(this.language() === 'zh' ? 'en' : 'zh');
  }

  private apply(language: Language): void {
    this.transloco.setActiveLang(language);
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
    // The hub's login page reads the same choice (dx-lang cookie), so signing in speaks the portal's language.
    document.cookie = `dx-lang=${language}; path=/; SameSite=Lax; max-age=31536000`;
  }
}

function readStored(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}
