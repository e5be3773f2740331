# Reference values for src/core/outcomes (reliable change, cut-offs, categories).
#
# Run from the repository root:   Rscript test/reference/reliable-change.R
# It writes test/reference/reliable-change.txt (JSON, full double precision), which is
# committed; test/reference/reliable-change.test.ts compares Rapport's results with it.
# Base R only, so that it runs on any R installation.
#
# Formulas (Jacobson & Truax 1991, J Consult Clin Psychol 59:12-19; Maassen 2004,
# J Int Neuropsychol Soc 10:888-893), written out independently of the TypeScript code:
#   JT:      SE = SD1 * sqrt(1 - rxx);  Sdiff = sqrt(2 * SE^2)
#   Maassen: Sdiff = sqrt((SD1^2 + SD2^2) * (1 - rxx))
#   RC = (post - pre) / Sdiff;  reliable when |RC| > 1.96
#   a = M1 -/+ 2 SD1, b = M0 +/- 2 SD0 (towards functioning / dysfunction), c = (SD0 M1 + SD1 M0) / (SD0 + SD1)

num <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)
str <- function(x) sprintf("\"%s\"", x)
obj <- function(...) {
  fields <- list(...)
  paste0("{", paste(sprintf("\"%s\": %s", names(fields), unlist(fields)), collapse = ", "), "}")
}
arr <- function(xs) paste0("[", paste(xs, collapse = ",\n  "), "]")

sdiff <- function(variant, sd1, sd2, rxx) {
  if (variant == "jacobson-truax") sqrt(2 * (sd1 * sqrt(1 - rxx))^2) else sqrt((sd1^2 + sd2^2) * (1 - rxx))
}

cutoffs <- function(m1, sd1, m0, sd0, higher_is_better) {
  s <- if (higher_is_better) 1 else -1
  c(a = m1 + s * 2 * sd1, b = m0 - s * 2 * sd0, c = (sd0 * m1 + sd1 * m0) / (sd0 + sd1))
}

category <- function(pre, post, rc, cut, higher_is_better) {
  better <- function(x, y) if (higher_is_better) x > y else x < y
  reliable <- abs(rc) > 1.96
  crossed <- !better(pre, cut) && better(post, cut)
  if (reliable && better(post, pre)) {
    if (crossed) "recovered" else "improved"
  } else if (reliable && better(pre, post)) "deteriorated" else "unchanged"
}

# 1. Jacobson & Truax (1991), Table 2: Dyadic Adjustment Scale (higher is better), 30 couples,
#    pre and post, as transcribed in the JTRCI R package (github.com/AWKruijt/JT-RCI,
#    data/J&T 1991 table2 DAS data.csv). r_xx = .84 as in that package's example of these data.
das <- data.frame(
  pre = c(90.5, 74, 97, 73.5, 61, 66.5, 68.5, 86.5, 88.5, 68.5, 98, 80.5, 89.5, 91.5, 83.5,
          60.5, 83, 88, 98.5, 78.5, 99.5, 79.5, 84.5, 92.5, 93, 85, 64, 61, 80, 82.5),
  post = c(97, 124, 97.5, 88, 96.5, 62.5, 112.5, 103.5, 90, 82.5, 105, 99.5, 112.5, 101, 99.5,
           79.5, 88, 100.5, 119, 116, 116, 129, 113, 118, 92, 114, 68, 52, 60.5, 104.5)
)
das_rxx <- 0.84
das_sd_pre <- sd(das$pre)
das_sd_post <- sd(das$post)
# Cut-off from the sample itself (criterion a: two SDs above the pre-treatment mean).
das_cut_a <- mean(das$pre) + 2 * das_sd_pre
das_rows <- character(0)
for (i in seq_len(nrow(das))) {
  for (variant in c("jacobson-truax", "maassen")) {
    s <- sdiff(variant, das_sd_pre, das_sd_post, das_rxx)
    rc <- (das$post[i] - das$pre[i]) / s
    das_rows <- c(das_rows, obj(
      couple = num(i), variant = str(variant), pre = num(das$pre[i]), post = num(das$post[i]),
      sdPre = num(das_sd_pre), sdPost = num(das_sd_post), reliability = num(das_rxx),
      sDiff = num(s), rc = num(rc), reliable = tolower(abs(rc) > 1.96),
      cutOff = num(das_cut_a), category = str(category(das$pre[i], das$post[i], rc, das_cut_a, TRUE))
    ))
  }
}

# 2. A synthetic grid covering both variants, both directions and the 1.96 boundary.
grid <- expand.grid(
  pre = c(10, 20.5), delta = c(-9, -4.5, 0, 3, 8.25), sd1 = c(4.2, 6), sd2 = c(3.1, 6),
  rxx = c(0.7, 0.92), stringsAsFactors = FALSE
)
grid_rows <- character(0)
for (i in seq_len(nrow(grid))) {
  g <- grid[i, ]
  for (variant in c("jacobson-truax", "maassen")) {
    s <- sdiff(variant, g$sd1, g$sd2, g$rxx)
    post <- g$pre + g$delta
    rc <- (post - g$pre) / s
    grid_rows <- c(grid_rows, obj(
      variant = str(variant), pre = num(g$pre), post = num(post), sdPre = num(g$sd1),
      sdPost = num(g$sd2), reliability = num(g$rxx), sDiff = num(s), rc = num(rc),
      reliable = tolower(abs(rc) > 1.96)
    ))
  }
}

# 3. Cut-offs a, b, c for synthetic norms, both directions.
norms <- list(
  list(m1 = 17.3, sd1 = 5.1, m0 = 4.2, sd0 = 3.6, hib = FALSE),
  list(m1 = 81, sd1 = 12.5, m0 = 114.8, sd0 = 17.8, hib = TRUE),
  list(m1 = 2.9, sd1 = 0.7, m0 = 4.1, sd0 = 0.5, hib = TRUE)
)
norm_rows <- character(0)
for (n in norms) {
  co <- cutoffs(n$m1, n$sd1, n$m0, n$sd0, n$hib)
  norm_rows <- c(norm_rows, obj(
    clinicalMean = num(n$m1), clinicalSd = num(n$sd1), functionalMean = num(n$m0),
    functionalSd = num(n$sd0), higherIsBetter = tolower(n$hib),
    a = num(co[["a"]]), b = num(co[["b"]]), c = num(co[["c"]])
  ))
}

# 4. NHS Talking Therapies (IAPT) categories on every pair of PHQ-9 (0-27) and GAD-7 (0-21)
#    totals, from the manual's definitions (as stated in Table 1 of the MindStep paper, BMC
#    Psychiatry 2018, doi:10.1186/s12888-018-1987-1): reliable change = a change of at least
#    6 (PHQ-9) or 4 (GAD-7) points; caseness = PHQ-9 >= 10, GAD-7 >= 8; recovery = a case
#    before and not after; reliable recovery = recovery with reliable improvement.
iapt <- list(
  list(id = "phq-9", max = 27, change = 6, case = 10),
  list(id = "gad-7", max = 21, change = 4, case = 8)
)
iapt_rows <- character(0)
for (m in iapt) {
  for (pre in 0:m$max) {
    for (post in 0:m$max) {
      reliable <- abs(post - pre) >= m$change
      recovered <- pre >= m$case && post < m$case
      category <- if (reliable && post > pre) "deteriorated" else if (recovered && reliable) {
        "reliable-recovery"
      } else if (recovered) "recovered" else if (reliable) "improved" else "unchanged"
      iapt_rows <- c(iapt_rows, sprintf(
        "{\"instrument\": \"%s\", \"pre\": %d, \"post\": %d, \"category\": \"%s\"}",
        m$id, pre, post, category
      ))
    }
  }
}

out <- paste0(
  "{\n\"generatedBy\": \"test/reference/reliable-change.R\",\n",
  "\"rVersion\": ", str(R.version.string), ",\n",
  "\"das\": ", arr(das_rows), ",\n",
  "\"grid\": ", arr(grid_rows), ",\n",
  "\"cutOffs\": ", arr(norm_rows), ",\n",
  "\"iapt\": ", arr(iapt_rows), "\n}\n"
)
writeLines(out, "test/reference/reliable-change.txt", sep = "")
cat("wrote test/reference/reliable-change.txt\n")
