package store

import "unicode"

// prefixEnd is the least string above every string that starts with p, in code point order (which
// is byte order for UTF-8, the order of the email column): p with its last code point
// incremented, a trailing U+10FFFF carrying into the one before. So "starts with p" is the range
// p <= s < prefixEnd(p), which an index answers and in which "%" and "_" are plain characters.
// It reports false when p is empty or made only of U+10FFFF, where no upper bound exists.
func prefixEnd(p string) (string, bool) {
	r := []rune(p)
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == unicode.MaxRune {
			continue
		}
		next := r[i] + 1
		if next == 0xD800 {
			next = 0xE000 // surrogates have no UTF-8 form
		}
		return string(append(r[:i:i], next)), true
	}
	return "", false
}
