import type { StateCreator } from 'zustand';
import type { AppState } from './types';

export type ThemePref = 'system' | 'light' | 'dark';
const THEME_KEY = 'provdesk.theme';

function readTheme(): ThemePref {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** The CSS follows prefers-color-scheme unless data-theme pins a choice. */
export function applyTheme(theme: ThemePref): void {
  document.documentElement.dataset.theme = theme;
}

export interface PrefsSlice {
  theme: ThemePref;
  setTheme(theme: ThemePref): void;
}

export const createPrefsSlice: StateCreator<AppState, [], [], PrefsSlice> = (set) => ({
  theme: readTheme(),
  setTheme(theme) {
    try {
      if (theme === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this session only.
    }
    applyTheme(theme);
    set({ theme });
  },
});
