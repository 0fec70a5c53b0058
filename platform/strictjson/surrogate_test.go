package strictjson

import (
	"strings"
	"testing"

	"github.com/modmono/platform/errs"
)

// A \u escape of half a surrogate pair names no character: encoding/json would decode it as
// U+FFFD, so the decoder refuses it like invalid UTF-8 (400 MALFORMED_JSON), wherever it is.
func TestDecodeStrictRefusesLoneSurrogateEscapesLikeInvalidUTF8(t *testing.T) {
	t.Parallel()
	invalidUTF8 := Decode([]byte("{\"name\":\"\xff\"}"), &strictTarget{})
	want, _ := errs.As(invalidUTF8)
	for _, tc := range []struct{ name, body string }{
		{"a lone high surrogate", `{"name":"\ud800"}`},
		{"a lone low surrogate", `{"name":"\udc00"}`},
		{"a high surrogate followed by a character", `{"name":"\ud83dx"}`},
		{"a high surrogate followed by another escape", `{"name":"\ud83d\u0041"}`},
		{"a high surrogate followed by another high one", `{"name":"\ud83d\ud83d"}`},
		{"a high surrogate followed by an escaped quote", `{"name":"\ud83d\""}`},
		{"a high surrogate at the end of the string", `{"name":"ok \uDBFF"}`},
		{"a low surrogate before a high one", `{"name":"\ude00\ud83d"}`},
		{"upper-case hex digits", `{"name":"\uD800"}`},
		{"in a member name", `{"\ud800":1}`},
		{"in a nested value", `{"price":{"amount":1,"currency":"\udfff"}}`},
		{"in a value the type does not know", `{"any":["\ud800"]}`},
		{"a valid pair, then a lone one", `{"name":"\ud83d\ude00\ud800"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var dst strictTarget
			err := Decode([]byte(tc.body), &dst)
			e, ok := errs.As(err)
			if !ok || e.Kind != want.Kind || e.Code != want.Code || e.Code != errs.CodeMalformedJSON {
				t.Fatalf("Decode(%s) = %v, want %v %s like invalid UTF-8", tc.body, err, want.Kind, want.Code)
			}
			if !strings.Contains(e.Message, "UTF-8") || dst.Name != "" {
				t.Errorf("Decode(%s): message %q, name %q; want a message naming UTF-8 and nothing decoded", tc.body, e.Message, dst.Name)
			}
		})
	}
}

func TestDecodeStrictKeepsSurrogatePairsAndLookalikes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, want string }{
		{"a surrogate pair", `{"name":"\ud83d\ude00"}`, "😀"},
		{"upper-case pair", `{"name":"\uD83D\uDE00!"}`, "😀!"},
		{"the highest pair", `{"name":"\udbff\udfff"}`, "\U0010FFFF"},
		{"an escaped backslash before u", `{"name":"\\ud800"}`, `\ud800`},
		{"the characters around the surrogates", `{"name":"\ud7ff\ue000"}`, "\ud7ff\ue000"},
		{"the character itself, unescaped", `{"name":"😀"}`, "😀"},
	} {
		var dst strictTarget
		if err := Decode([]byte(tc.body), &dst); err != nil || dst.Name != tc.want {
			t.Errorf("%s: Decode(%s) = %v, name %q; want %q", tc.name, tc.body, err, dst.Name, tc.want)
		}
	}
}
