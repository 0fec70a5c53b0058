package db

import (
	"database/sql"

	"github.com/modmono/platform/dberr"
)

// ErrNoRows is returned by Scan when QueryRow found nothing.
var ErrNoRows = sql.ErrNoRows

// The failures InTx and the pools report; see package dberr, which classifies them.
var (
	ErrPoolTimeout   = dberr.ErrPoolTimeout
	ErrDeadline      = dberr.ErrDeadline
	ErrCommitTimeout = dberr.ErrCommitTimeout
)

// IsUniqueViolation reports whether err is a unique or primary key violation (dberr).
func IsUniqueViolation(err error) bool { return dberr.IsUniqueViolation(err) }

// IsRetryable reports whether running the whole transaction again may succeed (dberr).
func IsRetryable(err error) bool { return dberr.IsRetryable(err) }

// IsUnavailable reports whether err means the store cannot serve the request now but may
// shortly: a 503 with Retry-After (dberr).
func IsUnavailable(err error) bool { return dberr.IsUnavailable(err) }
