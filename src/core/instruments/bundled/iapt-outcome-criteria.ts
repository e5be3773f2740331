/**
 * Where the NHS Talking Therapies (formerly IAPT) outcome criteria on the PHQ-9 and GAD-7
 * files come from. The defining document is the programme's manual; its outcome-definition
 * page could not be opened with the tools this was written with (only the manual's title
 * pages), so the numbers were read from a peer-reviewed paper that applies the manual's
 * definitions and states them in a table. Both are cited; the values agree with the IAPT
 * year-one analysis by the programme's clinical lead (Gyani et al. 2013).
 */
export const IAPT_MANUAL =
  'National Collaborating Centre for Mental Health. The Improving Access to Psychological Therapies Manual, version 2 (updated December 2019; first published June 2018), with its Appendices and helpful resources; NHS England gateway reference 07534. Since 2023 the programme is called NHS Talking Therapies for anxiety and depression.';

export const IAPT_CRITERIA_TABLE =
  'Values as stated in Table 1 ("Outcomes of interest and definitions"), which applies the IAPT definitions, of: Outcomes of telephone-delivered low-intensity cognitive behaviour therapy (LiCBT) to community dwelling Australians with a recent hospital admission due to depression or anxiety: MindStep. BMC Psychiatry 2018;18. doi:10.1186/s12888-018-1987-1. See also Gyani A, Shafran R, Layard R, Clark DM. Enhancing recovery rates: lessons from year one of IAPT. Behav Res Ther 2013;51(9):597-606. doi:10.1016/j.brat.2013.06.004.';

/** Recovery and reliable recovery as the manual defines them, for a single measure. */
export const IAPT_RECOVERY =
  'Recovery: a case at the first score (at or above the caseness cut-off) and not a case at the later one. Reliable recovery: recovery together with reliable improvement. The manual applies these to a person across PHQ-9 and the anxiety measure together (a case on either at the start; below caseness on both at the end); Rapport shows them per measure.';
