/** The named RFM segments, from the best customers to the lost. */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
/** A named RFM segment. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The segment of a recency score `r` and frequency score `f` (1–5 each; the monetary score is
 * reported, not used — the usual R×F grid):
 *
 * | R \ F | 1              | 2              | 3                   | 4         | 5         |
 * | ----- | -------------- | -------------- | ------------------- | --------- | --------- |
 * | 5     | new            | potential      | potential           | champions | champions |
 * | 4     | promising      | potential      | potential           | loyal     | loyal     |
 * | 3     | about_to_sleep | about_to_sleep | need_attention      | loyal     | loyal     |
 * | 2     | hibernating    | hibernating    | at_risk             | at_risk   | cant_lose |
 * | 1     | lost           | hibernating    | at_risk             | at_risk   | cant_lose |
 *
 * As SQL over the columns `r` and `f`.
 */
export const RFM_SEGMENT_SQL = `case
    when r = 5 and f >= 4 then 'champions'
    when r >= 3 and f >= 4 then 'loyal'
    when r >= 4 and f >= 2 then 'potential_loyalists'
    when r = 5 then 'new'
    when r = 4 then 'promising'
    when r = 3 and f = 3 then 'need_attention'
    when r = 3 then 'about_to_sleep'
    when f = 5 then 'cant_lose'
    when f >= 3 then 'at_risk'
    when r = 1 and f = 1 then 'lost'
    else 'hibernating' end`;
