# Reference values for src/core/stats (reliability, correlation, agreement, ICC, reliable change)
# and for `rapport stats`, from R and psych.
#
# Run from the repository root:   Rscript test/reference/statistics.R [OUTDIR]
# OUTDIR defaults to test/reference. It writes there the data sets as CSV (missing values as
# empty cells) and R's results as statistics.json (full double precision); both are committed,
# and test/reference/statistics.test.ts compares Rapport's numbers with them. Written with
# R 4.2.2, psych 2.2.9 and lme4 1.1-31 from Debian (r-base-core, r-cran-psych, r-cran-lme4); the
# JSON records the versions.
#
# Data sets ship with psych: bfi (Revelle, 2800 people, 25 items on 1-6), sat.act (700
# people), and Shrout & Fleiss' (1979) 6 targets x 4 judges from the psych::ICC examples;
# sleepstudy, Dyestuff and Dyestuff2 ship with lme4.
# Reversal is done here as min + max - x (1 + 6 - x), as Rapport does, before psych sees the data.

suppressPackageStartupMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args) >= 1) args[[1]] else "test/reference"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

num <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)
json <- function(x) {
  if (is.list(x)) {
    if (!is.null(names(x))) {
      parts <- vapply(names(x), function(n) sprintf("\"%s\": %s", n, json(x[[n]])), "")
      return(paste0("{", paste(parts, collapse = ", "), "}"))
    }
    return(paste0("[", paste(vapply(x, json, ""), collapse = ",\n  "), "]"))
  }
  # A vector wrapped in I() is always an array, even of length 0 or 1.
  always_array <- inherits(x, "AsIs")
  x <- unname(unclass(x))
  s <- if (is.character(x)) {
    sprintf("\"%s\"", x)
  } else if (is.logical(x)) {
    ifelse(is.na(x), "null", tolower(as.character(x)))
  } else {
    vapply(x, num, "")
  }
  if (length(x) == 1 && !always_array) s else paste0("[", paste(s, collapse = ", "), "]")
}
write_data <- function(df, name) {
  write.csv(df, file.path(outdir, name), row.names = FALSE, na = "")
}

# --- Data -----------------------------------------------------------------------------------
bfi10 <- bfi[, c("A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5")]
write_data(bfi10, "bfi-ac.csv")
sat <- sat.act
write_data(sat, "sat-act.csv")
sf <- data.frame(J1 = c(9, 6, 8, 7, 10, 6), J2 = c(2, 1, 4, 1, 5, 2),
                 J3 = c(5, 3, 6, 2, 6, 4), J4 = c(8, 2, 7, 6, 4, 8))
write_data(sf, "shrout-fleiss.csv")
# Jacobson & Truax (1991) Table 2, Dyadic Adjustment Scale (as in reliable-change.R).
das <- data.frame(
  pre = c(90.5, 74, 97, 73.5, 61, 66.5, 68.5, 86.5, 88.5, 68.5, 98, 80.5, 89.5, 91.5, 83.5,
          60.5, 83, 88, 98.5, 78.5, 99.5, 79.5, 84.5, 92.5, 93, 85, 64, 61, 80, 82.5),
  post = c(97, 124, 97.5, 88, 96.5, 62.5, 112.5, 103.5, 90, 82.5, 105, 99.5, 112.5, 101, 99.5,
           79.5, 88, 100.5, 119, 116, 116, 129, 113, 118, 92, 114, 68, 52, 60.5, 104.5)
)
write_data(das, "das.csv")

# --- Reliability: psych::alpha on complete cases; omega_total from psych::fa(fm = "ml") -------
reliability <- function(name, items, reverse) {
  x <- na.omit(bfi10[, items])
  for (r in reverse) x[[r]] <- 1 + 6 - x[[r]]
  a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
  f <- psych::fa(x, nfactors = 1, fm = "ml")
  l <- as.numeric(f$loadings[, 1])
  u <- as.numeric(f$uniquenesses)
  list(
    name = name, items = I(items), reverse = I(reverse),
    n = nrow(x), k = length(items),
    alpha = a$total$raw_alpha, alphaStandardized = a$total$std.alpha,
    alphaCI = as.numeric(c(a$feldt$lower.ci, a$feldt$upper.ci)),
    itemTotal = as.numeric(a$item.stats$raw.r),
    itemRest = as.numeric(a$item.stats$r.drop),
    alphaIfDropped = as.numeric(a$alpha.drop$raw_alpha),
    alphaStandardizedIfDropped = as.numeric(a$alpha.drop$std.alpha),
    loadings = l, uniquenesses = u,
    omegaTotal = sum(l)^2 / (sum(l)^2 + sum(u))
  )
}
reliabilities <- list(
  reliability("agreeableness", c("A1", "A2", "A3", "A4", "A5"), c("A1")),
  reliability("conscientiousness", c("C1", "C2", "C3", "C4", "C5"), c("C4", "C5")),
  reliability("agreeableness, not reversed", c("A1", "A2", "A3", "A4", "A5"), character(0))
)

# --- Correlation: cor.test per pair on pairwise complete cases; BH over the table ---------------
correlate <- function(vars, method) {
  pairs <- list()
  for (i in seq_len(length(vars) - 1)) for (j in (i + 1):length(vars)) {
    x <- sat[[vars[i]]]
    y <- sat[[vars[j]]]
    ok <- complete.cases(x, y)
    n <- sum(ok)
    if (method == "pearson") {
      ct <- cor.test(x[ok], y[ok], method = "pearson")
      ci <- as.numeric(ct$conf.int)
    } else {
      ct <- suppressWarnings(cor.test(x[ok], y[ok], method = "spearman", exact = FALSE))
      # cor.test gives no interval for rho; psych::corr.test's Fisher-z interval (se 1/sqrt(n-3)).
      ci <- as.numeric(psych::corr.test(x[ok], y[ok], method = "spearman")$ci[c("lower", "upper")])
    }
    pairs[[length(pairs) + 1]] <- list(
      x = vars[i], y = vars[j], n = n, r = as.numeric(ct$estimate), ci = ci, p = ct$p.value
    )
  }
  p <- vapply(pairs, function(q) q$p, 0)
  adjusted <- p.adjust(p, method = "BH")
  for (i in seq_along(pairs)) pairs[[i]]$pAdjusted <- adjusted[i]
  list(method = method, vars = I(vars), pairs = pairs)
}
sat_vars <- c("ACT", "SATV", "SATQ", "age", "education")
correlations <- list(correlate(sat_vars, "pearson"), correlate(sat_vars, "spearman"))

# --- Agreement: paired t test and Bland-Altman limits (mean difference +/- 1.96 SD) --------------
agreement <- function(a, b) {
  ok <- complete.cases(sat[[a]], sat[[b]])
  tt <- t.test(sat[[a]][ok], sat[[b]][ok], paired = TRUE)
  d <- sat[[a]][ok] - sat[[b]][ok]
  list(a = a, b = b, n = sum(ok), meanDifference = mean(d), sd = sd(d),
       t = as.numeric(tt$statistic), df = as.numeric(tt$parameter), p = tt$p.value,
       limits = c(mean(d) - 1.96 * sd(d), mean(d) + 1.96 * sd(d)))
}
agreements <- list(agreement("SATV", "SATQ"), agreement("ACT", "education"))

# --- ICC: psych::ICC on complete cases, ANOVA mean squares (lmer = FALSE: the closed form; with
# complete data lmer's variance components give the same mean squares) --------------------------
icc <- function(name, x) {
  x <- na.omit(x)
  r <- psych::ICC(x, lmer = FALSE)$results
  list(name = name, raters = I(colnames(x)), n = nrow(x), k = ncol(x), icc = lapply(seq_len(6), function(i) list(
    type = r$type[i], value = r$ICC[i], F = r$F[i], df1 = r$df1[i], df2 = r$df2[i], p = r$p[i],
    ci = c(r[["lower bound"]][i], r[["upper bound"]][i])
  )))
}
iccs <- list(
  icc("shrout-fleiss", sf),
  # The first 200 rows only: psych::ICC's aov() slows down with thousands of targets.
  icc("bfi A2 A3 A5, rows 1-200", bfi10[1:200, c("A2", "A3", "A5")])
)

# --- Reliable change (Jacobson & Truax 1991): the DAS sample, SD of pre, r_xx = .84 -------------
das_sd <- sd(das$pre)
das_rxx <- 0.84
das_cut <- mean(das$pre) + 2 * das_sd
sdiff <- sqrt(2 * (das_sd * sqrt(1 - das_rxx))^2)
rc <- (das$post - das$pre) / sdiff
reliable <- abs(rc) > 1.96
crossed <- das$pre <= das_cut & das$post > das_cut
category <- ifelse(reliable & das$post > das$pre, ifelse(crossed, "recovered", "improved"),
                   ifelse(reliable & das$post < das$pre, "deteriorated", "unchanged"))
rci <- list(sd = das_sd, reliability = das_rxx, cutoff = das_cut, higherIsBetter = TRUE,
            rows = lapply(seq_along(rc), function(i) list(
              rc = rc[i], reliable = reliable[i], category = category[i])))

# --- Linear mixed models with a random intercept: lme4::lmer, REML and ML ----------------------
sleep <- lme4::sleepstudy
sleep$DaysSquared <- sleep$Days^2
write_data(sleep, "sleepstudy.csv")
write_data(lme4::Dyestuff, "dyestuff.csv")
write_data(lme4::Dyestuff2, "dyestuff2.csv")
mixed <- function(name, data, outcome, fixed, group, reml) {
  rhs <- if (length(fixed) == 0) "1" else paste(fixed, collapse = " + ")
  m <- lme4::lmer(as.formula(sprintf("%s ~ %s + (1 | %s)", outcome, rhs, group)),
                  data = data, REML = reml)
  co <- summary(m)$coefficients
  vc <- as.data.frame(lme4::VarCorr(m))
  list(
    name = name, outcome = outcome, fixedTerms = I(fixed), group = group, reml = reml,
    n = nrow(m@frame), groups = as.numeric(lme4::ngrps(m)),
    fixed = lapply(seq_len(nrow(co)), function(i) list(
      term = rownames(co)[i], estimate = co[i, 1], se = co[i, 2], t = co[i, 3])),
    variance = list(group = vc$vcov[1], residual = vc$vcov[2]),
    remlCriterion = if (reml) as.numeric(lme4::REMLcrit(m)) else NA,
    logLik = if (reml) NA else as.numeric(logLik(m))
  )
}
mixed_models <- list()
for (reml in c(TRUE, FALSE)) {
  mixed_models[[length(mixed_models) + 1]] <-
    mixed("sleepstudy", sleep, "Reaction", c("Days"), "Subject", reml)
  mixed_models[[length(mixed_models) + 1]] <-
    mixed("sleepstudy", sleep, "Reaction", c("Days", "DaysSquared"), "Subject", reml)
  mixed_models[[length(mixed_models) + 1]] <-
    mixed("dyestuff", lme4::Dyestuff, "Yield", character(0), "Batch", reml)
  # Dyestuff2: the group variance is estimated as 0 (a singular fit).
  mixed_models[[length(mixed_models) + 1]] <-
    suppressMessages(mixed("dyestuff2", lme4::Dyestuff2, "Yield", character(0), "Batch", reml))
}

out <- json(list(
  generatedBy = "test/reference/statistics.R",
  rVersion = R.version.string,
  psychVersion = as.character(packageVersion("psych")),
  reliability = reliabilities,
  correlate = correlations,
  agreement = agreements,
  icc = iccs,
  rci = rci,
  lme4Version = as.character(packageVersion("lme4")),
  mixed = mixed_models
))
writeLines(out, file.path(outdir, "statistics.json"))
cat("wrote", file.path(outdir, "statistics.json"), "\n")
