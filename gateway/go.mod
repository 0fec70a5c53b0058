module github.com/modmono/gateway

go 1.26.8

require (
	github.com/modmono/auth v0.0.0
	github.com/modmono/migrations v0.0.0
	github.com/modmono/platform v0.0.0
)

replace github.com/modmono/platform => ../platform

replace github.com/modmono/migrations => ../migrations

replace github.com/modmono/auth => ../auth
