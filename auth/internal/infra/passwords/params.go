// Package passwords hashes and verifies passwords with argon2id, bounding how many hashes run at
// once so that a login flood cannot exhaust memory.
package passwords

import (
	"fmt"

	"github.com/alexedwards/argon2id"
)

// Params are argon2id's cost parameters. Every hash records the parameters it was made with, so
// changing them later still verifies old hashes.
type Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
	SaltLength  uint32
	KeyLength   uint32
}

// DefaultParams is OWASP's first argon2id configuration (m=19 MiB, t=2, p=1). OWASP rates its
// five configurations as equally strong; this one needs the least memory per hash, so a process
// bounded to N concurrent hashes peaks at only N x 19 MiB, which keeps small containers safe while
// a login flood waits in the semaphore instead of in swap.
func DefaultParams() Params {
	return Params{MemoryKiB: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// TestParams are cheap enough for tests that hash hundreds of times; Validate rejects them.
func TestParams() Params {
	return Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// owaspMinimums are OWASP's Password Storage Cheat Sheet argon2id configurations (memory in KiB,
// iterations), each rated as the minimum acceptable strength.
var owaspMinimums = []struct{ memoryKiB, iterations uint32 }{
	{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5},
}

// Validate rejects parameters weaker than OWASP's recommendation: memory and iterations must both
// reach those of one OWASP configuration, with a 16-byte salt and a 32-byte key at least.
// Production wiring calls it; tests use TestParams without it.
func (p Params) Validate() error {
	if err := p.usable(); err != nil {
		return err
	}
	if p.SaltLength < 16 || p.KeyLength < 32 {
		return fmt.Errorf("argon2id: salt %d and key %d bytes are below 16 and 32", p.SaltLength, p.KeyLength)
	}
	for _, m := range owaspMinimums {
		if p.MemoryKiB >= m.memoryKiB && p.Iterations >= m.iterations {
			return nil
		}
	}
	return fmt.Errorf("argon2id: m=%d KiB, t=%d is below OWASP's minimum (for example m=19456 KiB, t=2)", p.MemoryKiB, p.Iterations)
}

// usable rejects what argon2 itself cannot run: every lane needs at least 8 KiB.
func (p Params) usable() error {
	if p.Iterations < 1 || p.Parallelism < 1 || p.SaltLength < 8 || p.KeyLength < 16 {
		return fmt.Errorf("argon2id: t=%d, p=%d, salt %d, key %d: need t>=1, p>=1, salt>=8, key>=16",
			p.Iterations, p.Parallelism, p.SaltLength, p.KeyLength)
	}
	if p.MemoryKiB < 8*uint32(p.Parallelism) {
		return fmt.Errorf("argon2id: m=%d KiB is below 8 KiB per lane (p=%d)", p.MemoryKiB, p.Parallelism)
	}
	return nil
}

func (p Params) library() *argon2id.Params {
	return &argon2id.Params{
		Memory:      p.MemoryKiB,
		Iterations:  p.Iterations,
		Parallelism: p.Parallelism,
		SaltLength:  p.SaltLength,
		KeyLength:   p.KeyLength,
	}
}
