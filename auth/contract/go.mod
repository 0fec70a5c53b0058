module github.com/modmono/auth/contract

go 1.26.8
