module github.com/modmono/payments/contract

go 1.26.8

require github.com/modmono/platform v0.0.0

replace github.com/modmono/platform => ../../platform
