import { assert } from '@strongroom/kernel';
import type { PostingTemplate } from '@strongroom/ledger';

/** The host's posting templates by name; two with one name are a programmer error. */
export function postingTemplatesByName(
  templates: readonly PostingTemplate[],
): ReadonlyMap<string, PostingTemplate> {
  const byName = new Map<string, PostingTemplate>();
  for (const template of templates) {
    assert(!byName.has(template.name), `two posting templates are named ${template.name}`);
    byName.set(template.name, template);
  }
  return byName;
}
