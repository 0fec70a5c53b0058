package openapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/modmono/platform/httpx"
)

type (
	ruled struct {
		Email *string  `json:"email"`
		Role  *string  `json:"role,omitempty"`
		Tags  []string `json:"tags"`
		N     int      `json:"n"`
		Kid   child    `json:"kid"`
	}
	// ruledBy lets each test case state its own rules on one type.
	ruledBy struct {
		Name string  `json:"name"`
		N    int     `json:"n"`
		Kids []child `json:"kids"`
		Kid  child   `json:"kid"`
	}
)

func (ruled) BodyRules() map[string]httpx.Rule {
	return map[string]httpx.Rule{
		"email": {Format: "email", MaxLength: 254, Note: "Compared case-insensitively."},
		"role":  {Enum: []string{"customer", "admin"}},
		"tags":  {MinItems: 1, MaxItems: 3, Items: &httpx.Rule{MinLength: 1, MaxLength: 8, Pattern: "^[a-z]+$"}},
		"n":     {Minimum: httpx.Int(1), Maximum: httpx.Int(int64(1000))},
	}
}

var ruleUnderTest = map[string]httpx.Rule{}

func (ruledBy) BodyRules() map[string]httpx.Rule { return ruleUnderTest }

func TestRulesOfABodyTypeReachItsSchema(t *testing.T) {
	t.Parallel()
	r := newReflector()
	if _, err := r.body(ruled{}, request); err != nil {
		t.Fatal(err)
	}
	schemas, err := nameComponents(r.order)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range schemas {
		c.walk(resolveRef)
	}
	got := mustJSON(t, schemas["ruled"])
	for _, want := range []string{
		`"email":{"type":"string","format":"email","description":"Compared case-insensitively.","maxLength":254}`,
		`"role":{"type":["string","null"],"enum":["customer","admin",null]}`, // null stays allowed on an optional member
		`"tags":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"string","minLength":1,"maxLength":8,"pattern":"^[a-z]+$"}}`,
		`"n":{"type":"integer","format":"int64","minimum":1,"maximum":1000}`,
		`"kid":{"$ref":`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("schema %s\nlacks %s", got, want)
		}
	}
}

// A rule the schema cannot carry truly is a programming error: the document is refused. Not
// parallel: the cases set the rules of one type in turn.
func TestRulesThatDoNotFitTheirMemberAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule map[string]httpx.Rule
		want string
	}{
		{"a member the type lacks", map[string]httpx.Rule{"title": {MinLength: 1}}, `rules for ["title"]`},
		{"a length on an integer", map[string]httpx.Rule{"n": {MaxLength: 3}}, "fits a string only"},
		{"a minimum on a string", map[string]httpx.Rule{"name": {Minimum: httpx.Int(0)}}, "fits an integer only"},
		{"an item count on a string", map[string]httpx.Rule{"name": {MaxItems: 2}}, "fits an array only"},
		{"a rule on an object member", map[string]httpx.Rule{"kid": {Enum: []string{"x"}}}, "fits a string only"},
		{"an element rule on objects", map[string]httpx.Rule{"kids": {Items: &httpx.Rule{}}}, "state their rules on their type"},
		{"bounds the wrong way round", map[string]httpx.Rule{"name": {MinLength: 5, MaxLength: 2}}, "lower bound above"},
	} {
		ruleUnderTest = tc.rule // the cases run one after the other
		_, err := newReflector().body(ruledBy{}, request)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

func TestRequestMemberFindsNestedMembers(t *testing.T) {
	t.Parallel()
	route := httpx.Route{Method: http.MethodPost, Path: "/r", Status: http.StatusNoContent, Request: ruled{}}
	doc, err := Build(Info{Title: "t", Version: "1"}, []httpx.Route{route})
	if err != nil {
		t.Fatal(err)
	}
	for member, want := range map[string]string{
		"email":  `{"type":"string","format":"email","description":"Compared case-insensitively.","maxLength":254}`,
		"tags[]": `{"type":"string","minLength":1,"maxLength":8,"pattern":"^[a-z]+$"}`,
		"kid.n":  `{"type":"integer","format":"int64"}`,
		"kid.x":  `null`, "nothing": `null`, "email.x": `null`,
	} {
		if got := mustJSON(t, doc.RequestMember("POST", "/r", member)); got != want {
			t.Errorf("member %s: %s, want %s", member, got, want)
		}
	}
	if got := doc.RequestMember("GET", "/r", "email"); got != nil {
		t.Errorf("an operation the document lacks: %v, want nil", got)
	}
}
