// The template library in memory, for core tests: create-only versions, listed by template then version.
import { ConflictError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/ports';
import { ConsultancyTemplates } from './control-plane-model';
import type { ConsultancyTemplate, TemplateLibrary } from './templates-model';

const sortOf = (t: ConsultancyTemplate) => ConsultancyTemplates.key(ConsultancyTemplates.keyOf(t)).sort;

export class InMemoryTemplateLibrary implements TemplateLibrary {
  readonly templates: ConsultancyTemplate[] = [];

  private of(consultancyId: string) {
    return this.templates
      .filter((t) => t.consultancyId === consultancyId)
      .sort((a, b) => (sortOf(a) < sortOf(b) ? -1 : 1));
  }

  async latestTemplateVersion(consultancyId: string, templateId: string) {
    return (
      this.of(consultancyId)
        .filter((t) => t.templateId === templateId)
        .at(-1) ?? null
    );
  }

  async getTemplate(consultancyId: string, templateId: string, version: number) {
    return this.of(consultancyId).find((t) => t.templateId === templateId && t.version === version) ?? null;
  }

  async createTemplateVersion(template: ConsultancyTemplate) {
    if (await this.getTemplate(template.consultancyId, template.templateId, template.version)) {
      throw new ConflictError(
        `template ${template.templateId} v${template.version} exists`,
        'ALREADY_EXISTS',
      );
    }
    this.templates.push(structuredClone(template));
  }

  async listTemplates(consultancyId: string, page: PageRequest): Promise<Page<ConsultancyTemplate>> {
    const after = typeof page.startKey?.sort === 'string' ? page.startKey.sort : '';
    const rows = this.of(consultancyId).filter((t) => sortOf(t) > after);
    return {
      entries: rows.slice(0, page.limit).map((t) => ({ item: t, key: { sort: sortOf(t) } })),
      hasMore: rows.length > page.limit,
    };
  }
}
