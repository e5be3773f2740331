# Reads a study export's long.csv as a researcher would (base R, read.csv) and prints, as
# JSON, the mean WHO-5 total at session 1 and the Pearson r of the WAI-SR total with the
# WHO-5 total at session 1 (one row per participant). Used by export-read.test.ts, which
# compares both with Rapport's own numbers from the same file.
# Usage: Rscript test/reference/export-read.R long.csv
args <- commandArgs(trailingOnly = TRUE)
long <- read.csv(args[1], stringsAsFactors = FALSE, encoding = "UTF-8")
s1 <- long[long$session == 1 & long$kind == "scale", ]
who <- s1[s1$variable == "who_5_total", c("participant", "value")]
wai <- s1[s1$variable == "wai_sr_total", c("participant", "value")]
both <- merge(wai, who, by = "participant", suffixes = c("_wai", "_who"))
r <- cor(both$value_wai, both$value_who, method = "pearson")
cat(sprintf('{"n": %d, "meanWho5": %.15g, "r": %.15g}\n', nrow(both), mean(who$value), r))
