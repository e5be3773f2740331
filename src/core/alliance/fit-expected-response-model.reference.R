# Reference values for fit-expected-response-model.test.ts. Run: Rscript fit-expected-response-model.reference.R
# Output (R 4.2.2):
#         (Intercept)                  y1              log(t)           y1:log(t)
#  0.0899614550595192  1.0252327378367063 -0.4754455397747366 -0.1891813537769150
# [1] 1.3410524214821
d <- data.frame(
  y1 = c(20, 20, 20, 20, 14, 14, 14, 14, 24, 24, 24, 9, 9, 9),
  t  = c(1, 3, 6, 10, 1, 2, 5, 9, 1, 4, 8, 1, 3, 7),
  y  = c(20, 16, 12, 9, 14, 13, 9, 8, 24, 21, 14, 9, 8, 5)
)
m <- lm(y ~ y1 * log(t), data = d)
print(coef(m), digits = 15)
print(summary(m)$sigma, digits = 15)
