// Starting text for a scope statement, after the guide's three examples
// (Step 1: technology company, financial services, healthcare), reworded.
// A template is a draft to edit, never a scope: the organisation names its
// own systems, units and exclusions before top management approves it.

export const SCOPE_TEMPLATE_SECTORS = ['TECHNOLOGY', 'FINANCIAL_SERVICES', 'HEALTHCARE'] as const;
export type ScopeTemplateSector = (typeof SCOPE_TEMPLATE_SECTORS)[number];

export interface ScopeTemplate {
  id: string;
  sector: ScopeTemplateSector;
  title: string;
  text: string;
  suggestedProcesses: string[];
  suggestedOrgUnits: string[];
  /** Why an organisation of this kind often starts with this boundary. */
  guidance: string;
}

export const SCOPE_TEMPLATES: readonly ScopeTemplate[] = [
  {
    id: 'technology-company',
    sector: 'TECHNOLOGY',
    title: 'Technology company: every AI feature of the product',
    text:
      'This AI management system applies to how [Organisation] designs, builds, trains, releases and runs ' +
      'the machine-learning models and AI-enabled features of the [Product] platform. It includes the data ' +
      'pipelines that feed them, the infrastructure used to train and evaluate models, and the services ' +
      'that serve predictions to customers in production.',
    suggestedProcesses: [
      'Model development and training',
      'Model release and deployment',
      'Production inference and monitoring',
    ],
    suggestedOrgUnits: ['Engineering', 'Data science', 'Product'],
    guidance:
      'A company whose product is AI usually cannot leave any model out: the scope follows the product, from data to inference.',
  },
  {
    id: 'financial-services',
    sector: 'FINANCIAL_SERVICES',
    title: 'Financial services: AI used in named decisions',
    text:
      'This AI management system applies to the AI systems [Organisation] uses to score credit applications, ' +
      'detect fraudulent transactions and automate customer service, as operated by the [Risk] and ' +
      '[Operations] divisions.',
    suggestedProcesses: ['Credit decisioning', 'Fraud detection', 'Customer service'],
    suggestedOrgUnits: ['Risk division', 'Operations division'],
    guidance:
      'Regulated decisions about customers carry the highest AI risk: start with them and widen the scope as the AIMS matures.',
  },
  {
    id: 'healthcare',
    sector: 'HEALTHCARE',
    title: 'Healthcare: clinical AI in named departments',
    text:
      'This AI management system applies to the deployment and use by [Organisation] of AI tools that assist ' +
      'diagnostic imaging and of clinical decision support systems in the [Radiology] and [Pathology] departments.',
    suggestedProcesses: ['Diagnostic imaging', 'Clinical decision support'],
    suggestedOrgUnits: ['Radiology', 'Pathology'],
    guidance:
      'Clinical AI that touches patient care is where harm is likeliest: bound the first scope by department and widen it later.',
  },
];
