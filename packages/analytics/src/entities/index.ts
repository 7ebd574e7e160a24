import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { ClassMemberEntity } from './class-member.js';
import { ClassificationEntity } from './classification.js';
import { ReportEntity } from './report.js';

export { ClassificationEntity, ClassMemberEntity, ReportEntity };

/** Every entity of the analytics plugin, registered through the plugin's `entities`. */
export const analyticsEntities: NonNullable<AnyPlugin['entities']> = [
  ReportEntity,
  ClassificationEntity,
  ClassMemberEntity,
];

declare module '@rapport/core/plugin' {
  /** The analytics tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    AnalyticsReport: TableOf<typeof ReportEntity>;
    AnalyticsClassification: TableOf<typeof ClassificationEntity>;
    AnalyticsClassMember: TableOf<typeof ClassMemberEntity>;
  }
}
