/**
 * @file What the people specs look for on the page: the People list's cards, a card by name,
 * naming a card, and the photos a search shows (their options are named after the file).
 */
import { expect, type Page } from '@playwright/test';

/** The cards of the People view's main list (not singles, not hidden). */
export const personCards = (page: Page) =>
  page.locator('.people-view > .person-list > .person-card');

/** The main list's cards whose name button reads `name`. */
export const personCard = (page: Page, name: string) =>
  personCards(page).filter({ has: page.getByRole('button', { name, exact: true }) });

/** Names a card through its "Add a name" field (`labels` in the UI's language). */
export async function namePerson(
  card: ReturnType<typeof personCard>,
  text: string,
  labels = { add: 'Add a name', field: 'Name' },
): Promise<void> {
  await card.getByRole('button', { name: labels.add }).click();
  const field = card.getByRole('textbox', { name: labels.field });
  await field.fill(text);
  await field.press('Enter');
}

/** The photo grid of the library or search view. */
export const photoGrid = (page: Page) => page.getByRole('listbox').first();

/** The photos shown become exactly `files` (waits: a new search may still show the last one's). */
export async function expectPhotos(page: Page, files: readonly string[]): Promise<void> {
  await expect
    .poll(async () =>
      (
        await photoGrid(page)
          .getByRole('option')
          .evaluateAll((options) =>
            options.map((o) => (o.getAttribute('aria-label') ?? '').split(',')[0] ?? ''),
          )
      ).sort(),
    )
    .toEqual([...files].sort());
}
