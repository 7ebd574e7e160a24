import { visitNotesPlugin } from '@rapport/example-custom-plugin';
import { pipelinePlugin } from '@rapport/pipeline';

/** The plugins this CRM is assembled from (core is always installed first, by `createCrm`). */
export const plugins = [
  visitNotesPlugin.configure({ defaultTopics: ['General', 'Complaint', 'Order', 'Demo'] }),
  pipelinePlugin,
] as const;
