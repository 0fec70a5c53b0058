package db

import (
	"fmt"
	"strconv"
	"strings"
)

// compiled is one statement ready for one dialect: its text with positional placeholders, and
// the parameter name behind each placeholder ($1 is params[0]).
type compiled struct {
	text   string
	params []string
}

// compile turns ":name" parameters into $1.. (PostgreSQL) or ?1.. (SQLite); a name used twice
// gets the same number. Quoted text, quoted identifiers, comments, dollar-quoted bodies and "::"
// casts are copied unchanged.
func compile(src string, d Dialect) (compiled, error) {
	var out strings.Builder
	out.Grow(len(src))
	var params []string
	numbers := map[string]int{}
	for i := 0; i < len(src); {
		end, err := skipLiteral(src, i)
		if err != nil {
			return compiled{}, err
		}
		if end > i {
			out.WriteString(src[i:end])
			i = end
			continue
		}
		if src[i] == ':' && i+1 < len(src) && src[i+1] == ':' {
			out.WriteString("::")
			i += 2
			continue
		}
		if src[i] == ':' && i+1 < len(src) && isNameStart(src[i+1]) {
			end := i + 1
			for end < len(src) && isNameChar(src[end]) {
				end++
			}
			name := src[i+1 : end]
			n, seen := numbers[name]
			if !seen {
				params = append(params, name)
				n = len(params)
				numbers[name] = n
			}
			out.WriteString(placeholder(d, n))
			i = end
			continue
		}
		out.WriteByte(src[i])
		i++
	}
	return compiled{text: out.String(), params: params}, nil
}

func placeholder(d Dialect, n int) string {
	if d == Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?" + strconv.Itoa(n)
}

// skipLiteral returns the end of the quoted text or comment starting at i, or i if none starts
// there.
func skipLiteral(src string, i int) (int, error) {
	rest := src[i:]
	switch {
	case rest[0] == '\'':
		return skipQuoted(src, i, '\'', escapeString(src, i))
	case rest[0] == '"':
		return skipQuoted(src, i, '"', false)
	case strings.HasPrefix(rest, "--"):
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			return i + nl + 1, nil
		}
		return len(src), nil
	case strings.HasPrefix(rest, "/*"):
		return skipBlockComment(src, i)
	case rest[0] == '$':
		return skipDollarQuoted(src, i)
	}
	return i, nil
}

// escapeString reports whether the quote at i opens a PostgreSQL E'...' string, in which a
// backslash escapes the next character.
func escapeString(src string, i int) bool {
	return i > 0 && (src[i-1] == 'E' || src[i-1] == 'e') && (i == 1 || !isNameChar(src[i-2]))
}

// skipQuoted skips '...' or "..." where a doubled quote stands for itself.
func skipQuoted(src string, i int, quote byte, backslashEscapes bool) (int, error) {
	for j := i + 1; j < len(src); j++ {
		switch {
		case backslashEscapes && src[j] == '\\':
			j++
		case src[j] == quote && j+1 < len(src) && src[j+1] == quote:
			j++
		case src[j] == quote:
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated %c quote starting at byte %d", quote, i)
}

// skipBlockComment skips /* ... */, nested as PostgreSQL nests them.
func skipBlockComment(src string, i int) (int, error) {
	depth := 0
	for j := i; j+1 < len(src); j++ {
		switch {
		case src[j] == '/' && src[j+1] == '*':
			depth++
			j++
		case src[j] == '*' && src[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, fmt.Errorf("unterminated /* comment starting at byte %d", i)
}

// skipDollarQuoted skips a PostgreSQL $tag$ ... $tag$ body. A '$' that cannot open one (inside a
// name, or before a digit as in $1) is left to the caller as plain text.
func skipDollarQuoted(src string, i int) (int, error) {
	if i > 0 && isNameChar(src[i-1]) {
		return i, nil
	}
	j := i + 1
	if j < len(src) && isNameStart(src[j]) {
		for j < len(src) && isNameChar(src[j]) {
			j++
		}
	}
	if j >= len(src) || src[j] != '$' {
		return i, nil
	}
	delimiter := src[i : j+1]
	end := strings.Index(src[j+1:], delimiter)
	if end < 0 {
		return 0, fmt.Errorf("unterminated %s quote starting at byte %d", delimiter, i)
	}
	return j + 1 + end + len(delimiter), nil
}

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNameChar(c byte) bool { return isNameStart(c) || (c >= '0' && c <= '9') }
