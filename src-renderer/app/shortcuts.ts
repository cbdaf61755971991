import { useEffect } from 'react';
import { navigate, sections } from './routes';

/** Shown in Settings; the handler below is the single source of what they do. */
export const shortcutList: { keys: string; action: string }[] = [
  ...sections.map((s, i) => ({ keys: `Alt+${i + 1}`, action: `Go to ${s.label}` })),
  { keys: '/', action: 'Focus the search box on this screen' },
  { keys: 'Esc', action: 'Leave the search box' },
  { keys: 'Tab / Shift+Tab', action: 'Move between controls' },
];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // e.code, not e.key: on macOS Alt+digit types a symbol.
      const digit = /^Digit([1-9])$/.exec(e.code);
      if (e.altKey && !e.ctrlKey && !e.metaKey && digit) {
        const section = sections[Number(digit[1]) - 1];
        if (section) {
          e.preventDefault();
          navigate(section.id);
        }
        return;
      }
      if (e.key === '/' && !e.altKey && !e.ctrlKey && !e.metaKey && !typingIn(e.target)) {
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
        return;
      }
      if (e.key === 'Escape' && e.target instanceof HTMLInputElement && e.target.dataset.search !== undefined) {
        e.target.blur();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
