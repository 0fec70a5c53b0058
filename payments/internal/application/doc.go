// Package application holds the payments context's use cases: one command or query per file,
// each a handler that receives its ports through a constructor.
package application
