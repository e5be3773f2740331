/** Which standard error of the difference a reliable change index used. */
export type ReliableChangeVariant = 'jacobson-truax' | 'maassen';

export interface ReliableChangeInput {
  pre: number;
  post: number;
  /** SD of the pre-treatment (or normative) sample, SD₁. */
  sdPre: number;
  /** SD at post-treatment, SD₂; needed by Maassen's variant only. */
  sdPost?: number;
  /** Reliability r_xx (test–retest or internal consistency) of the measure. */
  reliability: number;
  variant: ReliableChangeVariant;
  /** |RC| above this is reliable; 1.96 is p < .05 two-sided (Jacobson & Truax 1991). */
  criterion?: number;
}

export interface ReliableChange {
  variant: ReliableChangeVariant;
  sdPre: number;
  sdPost: number | null;
  reliability: number;
  criterion: number;
  /** Standard error of measurement SD₁·√(1 − r_xx) (Jacobson–Truax only, else null). */
  standardError: number | null;
  /** Standard error of the difference S_diff. */
  sDiff: number;
  /** RC = (post − pre) / S_diff. */
  rc: number;
  reliable: boolean;
}

/**
 * Reliable change index of one person's two scores.
 *
 * Jacobson & Truax (1991, J Consult Clin Psychol 59:12–19): SE = SD₁·√(1 − r_xx),
 * S_diff = √(2·SE²), RC = (x_post − x_pre) / S_diff; |RC| > 1.96 is reliable.
 * Maassen (2004, J Int Neuropsychol Soc 10:888–893): S_diff = √((SD₁² + SD₂²)(1 − r_xx)).
 * The variant, SDs and r_xx used are returned with the result so that it can be stored.
 */
export function reliableChange(input: ReliableChangeInput): ReliableChange {
  const { pre, post, sdPre, reliability, variant } = input;
  const criterion = input.criterion ?? 1.96;
  if (!(sdPre > 0)) throw new RangeError('sdPre must be positive');
  if (!(reliability > 0 && reliability < 1)) throw new RangeError('reliability must be in (0, 1)');
  let standardError: number | null = null;
  let sDiff: number;
  let sdPost: number | null = null;
  if (variant === 'jacobson-truax') {
    standardError = sdPre * Math.sqrt(1 - reliability);
    sDiff = Math.sqrt(2 * standardError * standardError);
  } else {
    if (input.sdPost === undefined || !(input.sdPost > 0)) {
      throw new RangeError("Maassen's variant needs a positive sdPost");
    }
    sdPost = input.sdPost;
    sDiff = Math.sqrt((sdPre * sdPre + sdPost * sdPost) * (1 - reliability));
  }
  const rc = (post - pre) / sDiff;
  return {
    variant,
    sdPre,
    sdPost,
    reliability,
    criterion,
    standardError,
    sDiff,
    rc,
    reliable: Math.abs(rc) > criterion,
  };
}
