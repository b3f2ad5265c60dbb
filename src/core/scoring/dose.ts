/**
 * A dose or quantity with its unit ("0.5 mg", "6 units", "2 tablets"). \b rather than
 * Unicode lookarounds: V8 then skips ahead to digits instead of trying every position.
 */
export const DOSE =
  /\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|\u00b5g|\u03bcg|micrograms?|milligrams?|g|grams?|ml|mls|millilit(?:re|er)s?|units?|iu|tablets?|tabs?|pills?|capsules?|puffs?|drops?|sachets?|mmol(?:\/l)?)\b/i;
