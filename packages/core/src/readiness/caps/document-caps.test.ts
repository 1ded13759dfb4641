import { describe, expect, it } from 'vitest';
import { documentChecklist } from '../../documents/checklist';
import { MANDATORY_DOCUMENTS } from '../../documents/mandatory-documents';
import type { DocumentRefLink } from '../../documents/model';
import { rq27DocumentControl } from './document-caps';

const today = '2026-11-27';
const link = (ref: string, nextReviewOn: string): DocumentRefLink =>
  ({
    ref,
    docCode: `DOC-${ref}`,
    documentId: ref,
    title: ref,
    status: 'APPROVED',
    nextReviewOn,
  }) as DocumentRefLink;
const mandatory = MANDATORY_DOCUMENTS.filter((d) => !d.recommended).map((d) => d.ref);
const checklist = (links: DocumentRefLink[]) =>
  documentChecklist({ today, links, systemRecords: [], applicableControls: [] });

describe('document caps (§3.12.2)', () => {
  it('RQ-27 0 MANDATORY_DOCUMENT_MISSING and 0 overdue ⇒ 4; a missing or overdue document ⇒ 2', () => {
    const all = mandatory.map((ref) => link(ref, '2027-06-01'));
    expect(
      rq27DocumentControl({ hasDocuments: true, checklist: checklist(all), overdueDocuments: 0, today })?.cap,
    ).toBe(4);
    expect(
      rq27DocumentControl({ hasDocuments: true, checklist: checklist(all), overdueDocuments: 1, today })?.cap,
    ).toBe(2);
    const missing = rq27DocumentControl({
      hasDocuments: true,
      checklist: checklist(all.slice(1)),
      overdueDocuments: 0,
      today,
    });
    expect(missing).toMatchObject({ itemId: 'RQ-27', cap: 2 });
    expect(missing?.basis).toContain('1 mandatory document(s) missing');
    expect(
      rq27DocumentControl({ hasDocuments: false, checklist: checklist([]), overdueDocuments: 0, today }),
    ).toBeNull();
  });
});
