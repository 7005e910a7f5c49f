/** @file The top search box. It accepts input now; results arrive with the search capability. */
import { useEffect, useRef, useState } from 'react';

export function SearchBar() {
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Ctrl/Cmd+K or "/" focuses the search box from anywhere.
    const onKey = (event: KeyboardEvent) => {
      const typing =
        event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (
        (event.key === 'k' && (event.ctrlKey || event.metaKey)) ||
        (event.key === '/' && !typing)
      ) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <header className="top-bar">
      <input
        ref={input}
        type="search"
        role="searchbox"
        aria-label="Search photos"
        placeholder="Search your photos in any language…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
        }}
      />
    </header>
  );
}
