package strictjson

// loneSurrogate reports the offset of the first \u escape in raw, a syntactically valid JSON
// text, that is half a UTF-16 surrogate pair: a high surrogate (\ud800..\udbff) not followed by
// a low one (\udc00..\udfff), or a low one on its own. Such an escape names no character, and
// encoding/json would replace it with U+FFFD; the contract refuses invalid text, never replaces it.
func loneSurrogate(raw []byte) (int, bool) {
	inString := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\' && i+1 < len(raw) && raw[i+1] == 'u':
			r := hex4(raw, i+2)
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				if i+7 < len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
					if low := hex4(raw, i+8); low >= 0xDC00 && low <= 0xDFFF {
						i += 11 // the pair; the loop's i++ steps past it
						continue
					}
				}
				return i, true
			case r >= 0xDC00 && r <= 0xDFFF:
				return i, true
			}
			i += 5
		case c == '\\':
			i++ // a one-character escape: \" \\ \/ \b \f \n \r \t
		}
	}
	return 0, false
}

// hex4 is the value of the four hex digits at raw[at:], or -1 when there are not four.
func hex4(raw []byte, at int) rune {
	if at+4 > len(raw) {
		return -1
	}
	var r rune
	for _, c := range raw[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return -1
		}
	}
	return r
}
